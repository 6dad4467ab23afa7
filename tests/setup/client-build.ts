// Vitest global setup for browser tests: builds the client once per run, the
// same build `npm start` serves.
import { build } from 'vite';

export default async function setup() {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
