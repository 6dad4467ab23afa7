import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../server/ingest/ingest.service.ts';
import { runNationalPush } from '../../server/national/push.service.ts';
import { artifactPath, hasBrowser, launchBrowser } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFhirReceiver, type FhirReceiver } from '../helpers/fhir-receiver.ts';
import { asRows, listPeople, vaccinationOf } from '../server/ingest/ingest-fixtures.ts';
import { LAST_DAY, seedDashboardCity, startDashboard, type DashboardCity } from './dashboard-fixture.ts';
import { signIn } from './dashboard-page.ts';

describe.skipIf(!hasBrowser())('national push tool', () => {
  let t: TestDatabase;
  let city: DashboardCity;
  let browser: Browser;
  let receiver: FhirReceiver;

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedDashboardCity(t.database, 4_000);
    receiver = await startFhirReceiver();
    const config = { ...t.config, national: { ...t.config.national, url: receiver.url, backoffBaseSeconds: 0 } };
    city = await startDashboard(config, t.database);
    browser = await launchBrowser();
    // Three records sent (one refused by the national system), then two more queued and not sent yet.
    const people = await listPeople(t.database, 5);
    const options = { idHashKey: t.config.idHashKey!, sourceCode: 'e2e-site', kind: 'vaccinations' as const, channel: 'cli' as const, today: '2021-12-31' };
    await runIngest(t.database, asRows(people.slice(0, 3).map((p, i) => vaccinationOf(p, `e2e-${i}`, { lotNumber: i === 1 ? 'RECALLED' : `LOT${i}` }))), options);
    receiver.rejectWhen((r) => (r.lotNumber === 'RECALLED' ? 'Lô vắc xin RECALLED đã bị thu hồi' : null));
    await runNationalPush(t.database, { url: receiver.url, timeoutSeconds: 5, batchRows: 50, maxAttempts: 3, backoffBaseSeconds: 0, backoffMaxSeconds: 0, staleClaimSeconds: 60, concurrency: 1, idHashKey: options.idHashKey }, { trigger: 'cli' });
    await runIngest(t.database, asRows(people.slice(3, 5).map((p, i) => vaccinationOf(p, `e2e-late-${i}`))), options);
  });
  afterAll(async () => {
    await browser?.close();
    await city?.app.close();
    await receiver?.close();
    await t?.drop();
  });

  it('shows an admin the pending, sent and rejected counts and the rejection with its reason, and pushes the rest', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, city.baseUrl, `date=${LAST_DAY}`, 'admin');
    await page.getByTestId('tool-national').click();
    await page.waitForSelector('[data-testid=national-tool] [data-testid=national-counts]');
    const count = (key: string) => page.locator(`[data-testid=national-count-${key}] td`).textContent();
    await expect(count('pending')).resolves.toBe('2');
    await expect(count('sent')).resolves.toBe('2');
    await expect(count('rejected')).resolves.toBe('1');
    const rejection = page.getByTestId('national-rejection');
    await expect(rejection.count()).resolves.toBe(1);
    await expect(rejection.textContent()).resolves.toMatch(/e2e-site\/e2e-1.*HTTP 422.*business-rule: Lô vắc xin RECALLED đã bị thu hồi/);
    await expect(page.getByTestId('national-last-run').textContent()).resolves.toMatch(/2 được nhận, 1 bị từ chối/);
    await page.screenshot({ path: artifactPath('national-tool.png') });

    await page.getByTestId('national-push-now').click();
    await page.waitForSelector('[data-testid=national-push-result]');
    await expect(page.getByTestId('national-push-result').textContent()).resolves.toMatch(/^2 được nhận, 0 bị từ chối/);
    await page.waitForFunction(() => document.querySelector('[data-testid=national-count-sent] td')?.textContent === '4');
    await expect(count('pending')).resolves.toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });
});
