/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One file for the client build, the dev server and the test projects.
// The client lives in client/ and is built to dist/client, which Fastify serves.
const apiTarget = process.env.RISKMAP_API ?? 'http://localhost:8080';

export default defineConfig({
  root: 'client',
  plugins: [react()],
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
