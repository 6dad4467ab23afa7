// A ward official creates an aid round in the dashboard, ticks a household
// delivered, and sees the progress move in the panel and on the map; the same
// official's second browser (another context, its own session) sees it move
// live, without reloading, and without the map refetching its tiers.
import { describe, expect, it } from 'vitest';
import { artifactPath, hasBrowser } from '../helpers/browser.ts';
import { LAST_DAY } from './dashboard-fixture.ts';
import { useDashboardSuite } from './dashboard-suite.ts';
import { signIn } from './dashboard-page.ts';

type AidLayerWindow = Window & { __riskmap: { controller: { extraLayers: Map<string, { id: string; props: { data: { unitId: number; total: number | string; delivered: number | string }[] } }[]> } } };

/** The "delivered/total" labels drawn by the aid layer on the map. */
const mapLabels = (page: import('playwright-core').Page) => page.evaluate(() => {
  const layers = (window as unknown as AidLayerWindow).__riskmap.controller.extraLayers.get('aid-progress') ?? [];
  const labels = layers.find((l) => l.id === 'aid-progress-labels');
  return (labels?.props.data ?? []).map((p) => ({ unitId: p.unitId, text: `${p.delivered}/${p.total}` }));
});

describe.skipIf(!hasBrowser())('aid tool', () => {
  const suite = useDashboardSuite(4_000);

  it('lets a ward official create a round, mark a household delivered and see the progress move', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, suite.city.baseUrl, `date=${LAST_DAY}`, 'ward');
    await page.getByTestId('tool-aid').click();
    await page.waitForSelector('[data-testid=aid-create-form]');
    await page.fill('[data-testid=aid-name]', 'Đợt thử nghiệm');
    await page.getByTestId('aid-flag-unvaccinatedMember65').check();
    await page.getByTestId('aid-create').click();
    await page.waitForFunction(() => /^0\/\d+ hộ đã nhận$/.test(document.querySelector('[data-testid=aid-summary]')?.textContent ?? ''));
    const total = Number((await page.getByTestId('aid-summary').textContent())!.match(/\/(\d+)/)![1]);
    expect(total).toBeGreaterThan(0);
    const [stored] = await suite.t.database.withSession((s) => s.query<{ name: string; household_count: number }>('SELECT name, household_count FROM aid_round'));
    expect(stored).toEqual({ name: 'Đợt thử nghiệm', household_count: total });

    await page.waitForSelector('[data-testid=aid-household]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=aid-progress-unit]').length > 0);
    await page.waitForFunction(() => {
      const layers = (window as unknown as AidLayerWindow).__riskmap.controller.extraLayers.get('aid-progress');
      return (layers?.[0]?.props.data.length ?? 0) > 0;
    });
    const before = await mapLabels(page);
    expect(before.every((l) => l.text.startsWith('0/'))).toBe(true);

    // A second dashboard of the ward (another browser context) with the round open.
    const otherContext = await suite.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const other = await otherContext.newPage();
    other.on('pageerror', (error) => errors.push(error.message));
    // The dashboard's one stream (aid events reach the tool through it): once it answered, it is subscribed on the server.
    const streamOpen = new Promise<void>((resolve) => other.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/live') resolve();
    }));
    await signIn(other, suite.city.baseUrl, `date=${LAST_DAY}`, 'ward');
    await other.getByTestId('tool-aid').click();
    await other.waitForFunction((n) => document.querySelector('[data-testid=aid-summary]')?.textContent === `0/${n} hộ đã nhận`, total);
    await other.waitForSelector('[data-testid=aid-household]');
    await streamOpen;
    const otherRequests: string[] = [];
    other.on('request', (request) => otherRequests.push(new URL(request.url()).pathname));

    const row = page.getByTestId('aid-household').first();
    const householdId = Number(await row.getAttribute('data-household-id'));
    await row.getByTestId('aid-delivered').check();
    await page.waitForFunction((n) => document.querySelector('[data-testid=aid-summary]')?.textContent === `1/${n} hộ đã nhận`, total);
    // The other dashboard follows without reloading: summary, household tick.
    await other.waitForFunction((n) => document.querySelector('[data-testid=aid-summary]')?.textContent === `1/${n} hộ đã nhận`, total);
    await other.waitForSelector(`[data-testid=aid-household][data-household-id="${householdId}"][data-delivered=true]`);
    // Only the aid tool refetched: no tiers, unit panel or tiles.
    expect(otherRequests.filter((path) => path.startsWith('/api/') && !path.startsWith('/api/aid-rounds'))).toEqual([]);
    expect(otherRequests.some((path) => path.endsWith('/progress'))).toBe(true);
    await page.waitForSelector(`[data-testid=aid-household][data-household-id="${householdId}"][data-delivered=true]`);
    const [unit] = await suite.t.database.withSession((s) => s.query<{ block_id: number }>('SELECT block_id FROM aid_round_household WHERE household_id = $1', [householdId]));
    await page.waitForFunction((id) => /^1\//.test(document.querySelector(`[data-testid=aid-progress-unit][data-unit-id="${id}"] td`)?.textContent ?? ''), unit!.block_id);
    await page.waitForFunction((id) => {
      const layers = (window as unknown as AidLayerWindow).__riskmap.controller.extraLayers.get('aid-progress') ?? [];
      return layers.find((l) => l.id === 'aid-progress-labels')?.props.data.some((p) => p.unitId === id && p.delivered === 1) ?? false;
    }, unit!.block_id);
    const after = await mapLabels(page);
    expect(after.filter((l) => !l.text.startsWith('0/'))).toEqual([expect.objectContaining({ unitId: unit!.block_id, text: expect.stringMatching(/^1\/\d+$/) })]);
    const [marked] = await suite.t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM aid_round_household WHERE delivered_at IS NOT NULL'));
    expect(marked!.n).toBe(1);
    await page.screenshot({ path: artifactPath('aid-tool.png') });

    await row.getByTestId('aid-delivered').uncheck();
    await page.waitForFunction((n) => document.querySelector('[data-testid=aid-summary]')?.textContent === `0/${n} hộ đã nhận`, total);
    await other.waitForFunction((n) => document.querySelector('[data-testid=aid-summary]')?.textContent === `0/${n} hộ đã nhận`, total);
    await other.screenshot({ path: artifactPath('aid-tool-second-dashboard.png') });
    expect(errors).toEqual([]);
    await otherContext.close();
    await page.close();

    // A city leader sees the round's progress, never its households.
    const leader = await suite.browser.newPage({ viewport: { width: 1400, height: 900 } });
    leader.on('pageerror', (error) => errors.push(error.message));
    await signIn(leader, suite.city.baseUrl, `date=${LAST_DAY}`, 'leader');
    await leader.getByTestId('tool-aid').click();
    await leader.waitForSelector('[data-testid=aid-summary]');
    await leader.waitForSelector('[data-testid=aid-progress-unit]');
    await expect(leader.locator('[data-testid=aid-households]').count()).resolves.toBe(0);
    await expect(leader.locator('[data-testid=aid-create-form]').count()).resolves.toBe(0);
    await expect(leader.getByTestId('aid-tool').textContent()).resolves.toMatch(/chỉ xem được tiến độ/);
    expect(errors).toEqual([]);
    await leader.close();
  });
});
