// What each backend can and cannot do, in one place. Code that needs a
// server-only feature asks here and takes its second path otherwise.

export type Backend = 'embedded' | 'postgres';

export interface BackendCapabilities {
  /** ST_AsMVT / ST_AsMVTGeom. PGlite's PostGIS is built without protobuf-c, so tiles are encoded in JS there. */
  mvt: boolean;
  /** LISTEN/NOTIFY across processes. Embedded is one process: an in-process emitter does the job. */
  listenNotify: boolean;
  /** COPY FROM STDIN as a stream. PGlite copies from an in-memory blob, so writers send bounded chunks. */
  streamingCopy: boolean;
  /** Several connections at once. PGlite has one, serialised by a lock. */
  concurrentConnections: boolean;
}

export const CAPABILITIES: Record<Backend, BackendCapabilities> = {
  embedded: { mvt: false, listenNotify: false, streamingCopy: false, concurrentConnections: false },
  postgres: { mvt: true, listenNotify: true, streamingCopy: true, concurrentConnections: true },
};
