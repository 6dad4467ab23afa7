import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_ENV } from '../helpers/database.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/riskmap.js');

async function riskmap(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('riskmap CLI', () => {
  it('stops with every configuration problem listed and a non-zero exit', async () => {
    const result = await riskmap(['migrate'], { PORT: 'x', DATABASE_URL: 'mysql://db/x' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/2 problem/);
    expect(result.stderr).toMatch(/PORT="x"/);
    expect(result.stderr).toMatch(/DATABASE_URL must start with postgres/);
  });

  it('prints an expected refusal as a message, without a stack trace', async () => {
    // How the CLI ends on an expected refusal (the error of "user … does not exist", "source … does not exist").
    const script = "import('./server/runtime.ts').then(async ({ exitWithError }) => { const { AppError } = await import('./server/errors.ts'); exitWithError(new AppError('BAD_REQUEST', 'source nowhere does not exist')); })";
    const result = await run(process.execPath, ['--import', 'tsx', '-e', script]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('riskmap: source nowhere does not exist');
  });

  it.skipIf(!process.env.DATABASE_URL)('says which user does not exist, without a stack trace (server backend: the embedded CLI would build a database first)', async () => {
    const t = await openTestDatabase();
    try {
      const result = await riskmap(['user', 'key', '--username', 'nobody-here'], { ...TEST_ENV, DATABASE_URL: t.url as string });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe('riskmap: user nobody-here does not exist');
    } finally {
      await t.drop();
    }
  });

  it('names the server it cannot reach', async () => {
    const result = await riskmap(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', RISKMAP_DB_CONNECT_TIMEOUT: '3' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot reach the PostgreSQL server at 127\.0\.0\.1:1\/none/);
  });
});
