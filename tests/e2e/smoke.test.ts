import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/access/access.service.ts';
import { buildApp } from '../../server/app.ts';
import { artifactPath, hasBrowser, launchBrowser } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe.skipIf(!hasBrowser())('dashboard in Chromium', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    t = await openTestDatabase();
    app = await buildApp({ config: t.config, database: t.database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.drop();
  });

  it('loads the page and draws the map canvas', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const failures: string[] = [];
    // Requests the page itself aborts (a newer one replaced them) are not failures.
    page.on('requestfailed', (request) => request.failure()?.errorText !== 'net::ERR_ABORTED' && failures.push(request.url()));
    page.on('pageerror', (error) => failures.push(error.message));
    await createUser(t.database, { username: 'smoke', role: 'city_leader', password: 'smoke-test-password-1' });
    await page.goto(baseUrl);
    // Signed out: the sign-in screen, then the map once signed in.
    await page.waitForSelector('[data-testid=sign-in]');
    await page.fill('input[name=username]', 'smoke');
    await page.fill('input[name=password]', 'smoke-test-password-1');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => (window as unknown as { __riskmap?: { ready: boolean } }).__riskmap?.ready === true);
    // Read back a pixel of the WebGL canvas inside a render, while the frame is still there.
    const pixel = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const map = (window as unknown as { __riskmap: { map: import('maplibre-gl').Map } }).__riskmap.map;
          const read = () => {
            const gl = map.getCanvas().getContext('webgl2') ?? map.getCanvas().getContext('webgl');
            const out = new Uint8Array(4);
            gl!.readPixels(5, 5, 1, 1, gl!.RGBA, gl!.UNSIGNED_BYTE, out);
            resolve([...out]);
          };
          map.once('render', read);
          map.triggerRepaint();
        }),
    );
    // The offline style's background colour #eef2f5, drawn by WebGL (not the page's white).
    expect(pixel).toEqual([0xee, 0xf2, 0xf5, 255]);
    await expect(page.getByTestId('who').textContent()).resolves.toMatch(/smoke/);
    await page.screenshot({ path: artifactPath('smoke.png') });
    expect(failures).toEqual([]);
  });
});
