import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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

  it('names the server it cannot reach', async () => {
    const result = await riskmap(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', RISKMAP_DB_CONNECT_TIMEOUT: '3' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot reach the PostgreSQL server at 127\.0\.0\.1:1\/none/);
  });
});
