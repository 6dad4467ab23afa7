import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath, hasBrowser } from '../helpers/browser.ts';
import { addCases, FIRST_DAY, LAST_DAY } from './dashboard-fixture.ts';
import { useDashboardSuite } from './dashboard-suite.ts';
import { isNear, readState, readUnitColours, signIn, waitForTiers, type WindowWithHook } from './dashboard-page.ts';

const INSUFFICIENT_BLEND = [0xaa, 0xaa, 0xaa].map((c, k) => Math.round(c * 0.85 + ([0xee, 0xf2, 0xf5][k] as number) * 0.15));

/** Units whose pixel should show a graded tier's colour (hatched and ungraded ones are checked elsewhere). */
async function gradedColours(page: Page) {
  return (await readUnitColours(page)).filter((u) => u.expected !== null && !isNear(u.expected, INSUFFICIENT_BLEND));
}

describe.skipIf(!hasBrowser())('dashboard', () => {
  const suite = useDashboardSuite(20_000);
  const errors: string[] = [];

  const open = async (query = `date=${LAST_DAY}`) => {
    const page = await suite.browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, suite.city.baseUrl, query);
    return page;
  };

  it('asks to sign in, then draws every district in the colour of its tier', async () => {
    const page = await open();
    await expect(page.getByTestId('who').textContent()).resolves.toMatch(/leader · Lãnh đạo thành phố/);
    const state = await readState(page);
    expect(state.level).toBe('district');
    const units = await gradedColours(page);
    expect(units.length).toBeGreaterThanOrEqual(3);
    for (const unit of units) expect({ id: unit.id, pixel: unit.pixel, near: isNear(unit.pixel, unit.expected!) }).toMatchObject({ near: true });
    // Not all the same tier: the fixture makes the epidemic differ by ward.
    expect(new Set(state.columns?.tier).size).toBeGreaterThan(1);
    await expect(page.getByTestId('legend').textContent()).resolves.toMatch(/Cấp 1.*Cấp 4.*Không đủ dữ liệu/s);
    await page.screenshot({ path: artifactPath('dashboard-city.png') });
    await page.close();
  });

  it('drills from the city to a block through the table and back through the breadcrumb', async () => {
    const page = await open();
    const levels = ['district', 'ward', 'neighbourhood', 'block'];
    for (const [depth, level] of levels.entries()) {
      const row = page.locator('[data-testid=children-table] tbody tr').first();
      const id = Number(await row.getAttribute('data-unit-id'));
      await row.click();
      await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${id}"]`);
      // The breadcrumb follows once the unit's ancestry has loaded: wait for it rather than read it at once.
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=breadcrumb] [data-level]').length === n, depth + 2);
      await page.waitForFunction((l) => (window as unknown as WindowWithHook).__riskmap.state().level === l, levels[depth + 1] ?? 'block');
      expect((await readState(page)).selectedId).toBe(id);
      expect(new URL(page.url()).searchParams.get('unit')).toBe(String(id));
      if (level === 'block') await page.screenshot({ path: artifactPath('dashboard-block.png') });
    }
    await expect(page.locator('[data-testid=breadcrumb] strong').getAttribute('data-level')).resolves.toBe('block');
    await page.locator('[data-testid=breadcrumb] button[data-level=city]').click();
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${suite.city.cityId}"]`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=breadcrumb] [data-level]').length === 1);
    await page.close();
  });

  it('highlights the unit on the map when its row is hovered, and the row when the unit is', async () => {
    const page = await open();
    const row = page.locator('[data-testid=children-table] tbody tr').nth(1);
    const id = Number(await row.getAttribute('data-unit-id'));
    await row.hover();
    // Hover state reaches the map after React's update: wait for it (Playwright's default timeout) rather than read it at once.
    const waitHovered = (state: boolean) => page.waitForFunction(([unitId, want]) =>
      Boolean((window as unknown as WindowWithHook).__riskmap.map.getFeatureState({ source: 'units-district', sourceLayer: 'district', id: unitId as number }).hover) === want, [id, state] as const);
    await waitHovered(true);
    await page.mouse.move(5, 400);
    const other = (await page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.unitPoints())).find((p) => p.id !== id && p.x < 900 && p.x > 0 && p.y > 120);
    expect(other).toBeDefined();
    await page.mouse.move(other!.x, other!.y + 25);
    await page.waitForSelector(`[data-testid=children-table] tr.hovered[data-unit-id="${other!.id}"]`);
    await waitHovered(false);
    await page.screenshot({ path: artifactPath('dashboard-hover.png') });
    await page.close();
  });

  it('recolours the map when the date moves, and the player steps through the days', async () => {
    const page = await open(`date=${FIRST_DAY}`);
    const before = await gradedColours(page);
    await page.evaluate((d) => (window as unknown as WindowWithHook).__riskmap.setDate(d), LAST_DAY);
    const after = await gradedColours(page);
    for (const unit of after) expect(isNear(unit.pixel, unit.expected!)).toBe(true);
    const changed = after.filter((a) => { const b = before.find((x) => x.id === a.id); return b && !isNear(a.pixel, b.pixel); });
    expect(changed.length).toBeGreaterThan(0);
    await page.waitForFunction((d) => document.querySelector('.chart-cursor')?.getAttribute('data-date') === d, LAST_DAY);
    await page.getByTestId('date-input').fill('2021-10-20');
    await page.waitForFunction(() => (window as unknown as WindowWithHook).__riskmap.state().date === '2021-10-20');
    await page.getByTestId('play').click();
    await page.waitForFunction(() => (window as unknown as WindowWithHook).__riskmap.state().date >= '2021-10-22');
    await page.getByTestId('play').click();
    // Paused: the cursor settles on the date the player stopped at.
    await page.waitForFunction(() => document.querySelector('.chart-cursor')?.getAttribute('data-date') === (window as unknown as WindowWithHook).__riskmap.state().date);
    await page.screenshot({ path: artifactPath('dashboard-history.png') });
    await page.close();
  });

  it('shows a tier change from new cases without a reload, with a flash', async () => {
    const page = await open();
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    await page.waitForFunction(() => (window as unknown as WindowWithHook).__riskmap.state().liveStatus === 'open');
    const state = await readState(page);
    const lowest = state.columns!.id.find((_, i) => state.columns!.tier[i] === 0);
    expect(lowest).toBeDefined();
    const blocks = await suite.t.database.withSession((s) => s.query<{ id: number }>(
      `SELECT b.id FROM unit b JOIN unit n ON n.id = b.parent_id JOIN unit w ON w.id = n.parent_id WHERE w.parent_id = $1 AND b.level = 'block'`, [lowest]));
    await addCases(suite.city, suite.t.database, new Set(blocks.map((b) => b.id)), LAST_DAY, 400);
    await page.waitForFunction((id) => {
      const s = (window as unknown as WindowWithHook).__riskmap.state();
      return s.columns!.tier[s.columns!.id.indexOf(id!)]! > 0;
    }, lowest);
    const flashed = await page.evaluate((id) => (window as unknown as WindowWithHook).__riskmap.map.getFeatureState({ source: 'units-district', sourceLayer: 'district', id }).flash, lowest);
    expect(flashed).toBe(true);
    await page.screenshot({ path: artifactPath('dashboard-live.png') });
    await expect(page.evaluate(() => (window as unknown as { marker: number }).marker)).resolves.toBe(42);
    const [unit] = (await readUnitColours(page)).filter((u) => u.id === lowest);
    expect(isNear(unit!.pixel, unit!.expected!)).toBe(true);
    await page.close();
  });

  it('shows a message for an unknown unit or a bad date in the link, and still draws the map', async () => {
    const page = await open('unit=99999999&date=2021-13-45&z=x');
    await page.waitForSelector('[data-testid=unknown-unit]');
    await expect(page.getByTestId('url-problem').textContent()).resolves.toMatch(/date=2021-13-45/);
    expect((await readState(page)).date).not.toBe('2021-13-45');
    await page.screenshot({ path: artifactPath('dashboard-bad-link.png') });
    await page.close();
    expect(errors).toEqual([]);
  });
});
