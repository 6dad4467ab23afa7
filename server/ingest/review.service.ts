// Review decisions: 'same' sends the held events to the candidate,
// 'different' creates a person for them. Either way the decision is kept on
// the pair and answers later records of the same identity (link.repo.ts).
import { buildNameLinkageKey } from '../../geo/normalise/names.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { updateCasesFor } from './cases.repo.ts';
import { createTouchedList, markTouchedDirty } from './events.repo.ts';
import type { ChunkCommittedCallback } from './ingest.types.ts';
import { createPerson, listOpenReviews, lockReview, recordDecision, releaseHeldEvents } from './review.repo.ts';

export interface ReviewItem {
  id: number;
  score: number;
  contributions: unknown;
  incoming: Record<string, unknown>;
  candidate: { districtId: number; personId: number; fullName: string | null; birthDate: string | null; sex: string | null; phone: string | null; hasNationalId: boolean; address: string | null };
  heldEvents: number;
}

/** Open questions, the two records side by side; the incoming ID hash is not shown. */
export async function listReviews(database: Database, limit: number, offset: number): Promise<{ total: number; items: ReviewItem[] }> {
  const { total, rows } = await database.withSession((s) => listOpenReviews(s, limit, offset));
  return {
    total,
    items: rows.map((r) => {
      const { idHash, ...incoming } = r.incoming;
      return {
        id: r.id, score: r.score, contributions: r.contributions, incoming: { ...incoming, hasNationalId: idHash !== null && idHash !== undefined },
        candidate: {
          districtId: r.candidate_district_id, personId: r.candidate_person_id, fullName: r.full_name, birthDate: r.birth_date, sex: r.sex,
          phone: r.phone, hasNationalId: r.has_national_id ?? false, address: r.address,
        },
        heldEvents: r.held_events,
      };
    }),
  };
}

export interface DecisionResult {
  id: number;
  decision: 'same' | 'different';
  personId: number;
  districtId: number;
  releasedEvents: number;
  casesOpened: number;
}

/** Applies a decision once; a second decision on the same pair is a conflict. */
export async function decideReview(database: Database, id: number, decision: 'same' | 'different', onChunkCommitted?: ChunkCommittedCallback, decidedBy: number | null = null): Promise<DecisionResult> {
  const { result, touched } = await database.transaction(async (session) => {
    const review = await lockReview(session, id);
    if (!review) throw new AppError('NOT_FOUND', `No review ${id}.`);
    if (review.decision !== null) throw new AppError('CONFLICT', `Review ${id} was already decided (${review.decision}).`);
    await createTouchedList(session);
    const inc = review.incoming as Record<string, string | null>;
    const person = decision === 'same'
      ? { district_id: review.candidate_district_id, id: review.candidate_person_id }
      : await createPerson(session, {
        fullName: inc.fullName ?? '', nameKey: buildNameLinkageKey(inc.fullName ?? ''), birthDate: inc.birthDate ?? null,
        sex: inc.sex === 'male' ? 'M' : inc.sex === 'female' ? 'F' : null, phone: inc.phone ?? null, idHash: inc.idHash ?? null,
        idKind: inc.idKind ?? null, addressKey: inc.addressKey ?? null,
      });
    const released = await releaseHeldEvents(session, id, person);
    const casesOpened = await updateCasesFor(session, released.tests.map((t) => ({ id: t, classification: null })), null);
    await recordDecision(session, id, decision, decidedBy, person);
    return {
      result: { id, decision, personId: person.id, districtId: person.district_id, releasedEvents: released.tests.length + released.vaccinations, casesOpened },
      touched: await markTouchedDirty(session),
    };
  });
  await onChunkCommitted?.(touched);
  return result;
}
