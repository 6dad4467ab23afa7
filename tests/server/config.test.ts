import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

describe('readConfig', () => {
  it('defaults to the embedded database in ./data on port 8080', () => {
    const config = readConfig({}, '/srv/riskmap');
    expect(config).toMatchObject({ backend: 'embedded', databaseUrl: null, dataDir: '/srv/riskmap/data', port: 8080, demo: true, basemapStyleUrl: null });
  });

  it('selects the server backend when DATABASE_URL is set', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://u:p@db:5432/riskmap', RISKMAP_DATA_DIR: '/var/lib/riskmap', PORT: '9000' });
    expect(config).toMatchObject({ backend: 'postgres', databaseUrl: 'postgres://u:p@db:5432/riskmap', dataDir: '/var/lib/riskmap', port: 9000 });
  });

  it('lists every problem at once, naming each setting', () => {
    let caught: unknown;
    try {
      readConfig({ DATABASE_URL: 'mysql://db/x', PORT: 'eighty', RISKMAP_DEMO: 'maybe', LOG_LEVEL: 'loud', RISKMAP_ID_HASH_KEY: 'short' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres/);
    expect(problems.join('\n')).toMatch(/PORT="eighty"/);
    expect(problems.join('\n')).toMatch(/RISKMAP_DEMO="maybe"/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud"/);
    expect(problems.join('\n')).toMatch(/RISKMAP_ID_HASH_KEY must be at least 32/);
    expect((caught as ConfigError).message).toMatch(/5 problem/);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['RISKMAP_DB_CONNECT_TIMEOUT', '0'],
    ['DATABASE_URL', 'not a url'],
    ['RISKMAP_BASEMAP_STYLE_URL', 'ftp://tiles'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => readConfig({ [key]: value })).toThrow(ConfigError);
  });
});
