// Worker threads running TypeScript modules. A worker does not inherit the tsx
// loader the process runs under (bin/riskmap.js), so a small bootstrap
// registers it, then imports the worker module. Used by every pool in server/
// (column mapping, large request bodies, the seed).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Starts a worker thread running the TypeScript module at `moduleUrl` (e.g. `new URL('./x.worker.ts', import.meta.url)`). */
export function startTsWorker(moduleUrl: URL): Worker {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
