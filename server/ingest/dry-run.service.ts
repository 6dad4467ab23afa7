// What a dry run needs from the database, read only: the source (if it
// exists) and the gazetteer. Nothing is created.
import type { Database } from '../db/database.ts';
import { todayInVietnam } from './ingest.service.ts';
import type { IngestOptions } from './ingest.types.ts';
import type { PrepareContext } from './prepare-rows.ts';
import { findSource, loadGazetteerIndex, type SourceRow } from './source.repo.ts';

export async function loadIngestContextReadOnly(database: Database, options: IngestOptions): Promise<{ source: SourceRow | null; prepare: PrepareContext }> {
  return database.withSession(async (session) => {
    const source = await findSource(session, options.sourceCode);
    const gazetteer = await loadGazetteerIndex(session);
    return {
      source,
      prepare: {
        kind: options.kind, idHashKey: options.idHashKey, today: options.today ?? todayInVietnam(), gazetteer,
        requireNationalId: source?.require_national_id ?? false, idHashes: new Map(),
      },
    };
  });
}
