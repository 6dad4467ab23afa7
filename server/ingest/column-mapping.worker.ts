// Worker thread of column-mapping.pool.ts: proposes a header's column
// mapping (pure geo/normalise code) away from the event loop.
import { parentPort } from 'node:worker_threads';
import { proposeColumnMapping } from '../../geo/normalise/columns.ts';

parentPort?.on('message', (message: { id: number; headers: string[] }) => {
  try {
    parentPort?.postMessage({ id: message.id, mapping: proposeColumnMapping(message.headers) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
