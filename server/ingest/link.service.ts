// link: staged rows to people. Exact and deterministic links are pure SQL;
// the rest are scored Fellegi–Sunter style (geo/linkage) against the
// candidates their blocking keys find: link, hold for review, or new person.
import { DEFAULT_LINKAGE_MODEL, type LinkageModel } from '../../geo/linkage/model.ts';
import { scorePair, type LinkagePerson } from '../../geo/linkage/score.ts';
import type { Session } from '../db/database.ts';
import { clusterRecords } from '../../geo/linkage/cluster.ts';
import { applyDecisions, assignNewGroups, createNewPeople, linkExactly, selectCandidates, selectUnmatchedRows, type CandidateRow, type LinkDecisionRow } from './link.repo.ts';
import { toLinkagePerson, type StagedRow } from './prepare-rows.ts';

export interface LinkContext {
  batchId: number;
  sourceId: number;
  eventKind: 'test_result' | 'vaccination';
  model?: LinkageModel;
}

function candidatePerson(c: CandidateRow): LinkagePerson {
  const words = c.name_key.split(' ');
  return {
    nameKey: c.name_key, givenName: words.at(-1) ?? null, familyName: words[0] ?? null, birthDate: c.birth_date,
    sex: c.sex, phone: c.phone, idHash: c.id_hash, addressKey: c.address_key,
  };
}

/**
 * The incoming record as stored with a review: its person fields and the ID
 * hash (so a 'different' decision can create the person), never the number.
 */
function describeIncoming(row: StagedRow): Record<string, unknown> {
  const p = row.person;
  return {
    fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, phone: p.phone, idHash: row.idHashHex, idKind: p.nationalId?.kind ?? null,
    address: p.address ? [p.address.houseNumber, p.address.street, p.address.ward, p.address.district].filter(Boolean).join(', ') : null,
    addressKey: p.addressKey, sourceRecordId: row.sourceRecordId, rowNumber: row.rowNumber,
  };
}

/** The best candidate per row, decided with the model's two thresholds ('new' decisions are not returned). */
export function decideCandidates(rows: ReadonlyMap<number, StagedRow>, candidates: readonly CandidateRow[], model: LinkageModel): LinkDecisionRow[] {
  const best = new Map<number, LinkDecisionRow>();
  for (const candidate of candidates) {
    const row = rows.get(candidate.row_number);
    if (row === undefined) continue;
    const scored = scorePair(toLinkagePerson(row.person, row.idHashHex), candidatePerson(candidate), model);
    const current = best.get(candidate.row_number);
    if (scored.decision === 'new' || (current !== undefined && current.score >= scored.score)) continue;
    best.set(candidate.row_number, {
      rowNumber: candidate.row_number, decision: scored.decision, districtId: candidate.district_id, personId: candidate.id,
      score: Math.round(scored.score * 100) / 100, contributions: scored.contributions, incoming: describeIncoming(row),
    });
  }
  return [...best.values()];
}

/**
 * Groups the rows no known person matched into new people (geo/linkage/cluster.ts): a new person's records that arrive
 * in one chunk, spelled differently, become one person. Returns the group of each row (its cluster's first row number).
 */
export function groupUnmatchedRows(rows: readonly StagedRow[], model: LinkageModel): Array<{ rowNumber: number; group: string }> {
  const clusters = clusterRecords(rows.map((r) => toLinkagePerson(r.person, r.idHashHex)), model);
  return rows.map((row, i) => ({ rowNumber: row.rowNumber, group: `c:${rows[clusters[i] ?? i]?.rowNumber ?? row.rowNumber}` }));
}

/** Links every staged row of the chunk that needs it; returns the number of people created. */
export async function linkStagedRows(session: Session, rows: readonly StagedRow[], context: LinkContext): Promise<number> {
  const model = context.model ?? DEFAULT_LINKAGE_MODEL;
  await linkExactly(session);
  const candidates = await selectCandidates(session);
  const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
  if (candidates.length > 0) {
    const decisions = decideCandidates(byRow, candidates, model);
    await applyDecisions(session, context.batchId, context.eventKind, context.sourceId, decisions);
  }
  const unmatched = (await selectUnmatchedRows(session)).map((n) => byRow.get(n)).filter((r): r is StagedRow => r !== undefined);
  if (unmatched.length > 1) await assignNewGroups(session, groupUnmatchedRows(unmatched, model));
  return createNewPeople(session);
}
