/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// One file for the client build, the dev server and the test projects.
// The client lives in client/ and is built to dist/client, which Fastify serves.
// The client is written against React's API (and typed with React's types) but
// runs on Preact's compatible one: React DOM alone is ~63 kB gzip of the JS the
// first map waits for, Preact ~6 kB (#16: first-map JS ≤ 350 kB, MapLibre is 271).
const PREACT_ALIASES = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];
const apiTarget = process.env.RISKMAP_API ?? 'http://localhost:8080';

export default defineConfig({
  root: 'client',
  resolve: { alias: PREACT_ALIASES },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: {
    port: 5173,
    proxy: { '/api': apiTarget, '/tiles': apiTarget, '/ogc': apiTarget, '/fhir': apiTarget },
  },
  test: {
    root: '.',
    projects: [
      {
        test: { name: 'geo', root: '.', include: ['tests/geo/**/*.test.ts'], environment: 'node' },
      },
      {
        test: { name: 'client', root: '.', include: ['tests/client/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'server',
          root: '.',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/database-template.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/database-template.ts', 'tests/setup/client-build.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
