// The dashboard at phone, laptop and desktop sizes: every control on screen
// and uncovered, the phone's bottom sheet, keyboard paths, axe-core, the time
// player over all data, search by arrow keys, export and print.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath, hasBrowser } from '../helpers/browser.ts';
import { LAST_DAY } from './dashboard-fixture.ts';
import { readState, signIn, waitForTiers, type WindowWithHook } from './dashboard-page.ts';
import { useDashboardSuite } from './dashboard-suite.ts';
import { findAxeViolations, findControlProblems } from './layout-checks.ts';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

describe.skipIf(!hasBrowser())('dashboard layout at every size', () => {
  const suite = useDashboardSuite(20_000);
  const errors: string[] = [];

  const open = async (size: { width: number; height: number }, query = `date=${LAST_DAY}`, username = 'leader') => {
    const context = await suite.browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: size.width < 720, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, suite.city.baseUrl, query, username);
    // Tool tabs load after the first map.
    await page.waitForSelector('.tool-tabs button[data-testid=tool-unit]');
    return page;
  };
  const close = (page: Page) => page.context().close();

  it.each(SIZES)('$name $width×$height: every control is on screen and uncovered, no serious accessibility violation', async (size) => {
    const page = await open(size);
    const phone = size.width < 720;
    const { checked, problems } = await findControlProblems(page, phone ? 44 : 0);
    expect(problems).toEqual([]);
    // The map's own controls, the player and the tools are among the checked, at every size.
    for (const part of ['zoom-in', '[search-input]', '[play]', '[date-slider]', '[export-view]', '[tool-unit]', '[menu]']) {
      expect(checked.some((c) => c.includes(part)), part).toBe(true);
    }
    // Map first: the map's centre is the map, not a panel.
    const atCentre = await page.evaluate(() => document.elementFromPoint(window.innerWidth / 2, window.innerHeight * (window.innerWidth < 720 ? 0.35 : 0.5))?.closest('.map') !== null);
    expect(atCentre).toBe(true);
    await page.screenshot({ path: artifactPath(`layout-${size.name}-${size.width}x${size.height}.png`) });
    expect(await findAxeViolations(page)).toEqual([]);
    // The account menu opens on one line of header and its items are reachable.
    await page.getByTestId('menu').click();
    await expect(page.getByTestId('sign-out').isVisible()).resolves.toBe(true);
    const menu = await findControlProblems(page, phone ? 44 : 0, ['#account-menu button', '[data-testid=menu]']);
    expect(menu.checked.length).toBeGreaterThanOrEqual(2);
    expect(menu.problems).toEqual([]);
    expect(await findAxeViolations(page)).toEqual([]);
    await close(page);
  });

  it('phone: tapping a unit opens it in the bottom sheet with tier, reasons and children', async () => {
    const page = await open(SIZES[0]);
    await expect(page.getByTestId('dock').getAttribute('data-sheet')).resolves.toBe('collapsed');
    const points = await page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.unitPoints());
    const target = points.find((p) => p.x > 20 && p.x < 370 && p.y > 120 && p.y < 500);
    expect(target).toBeDefined();
    await page.touchscreen.tap(target!.x, target!.y + 12);
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${target!.id}"]`);
    await expect(page.getByTestId('dock').getAttribute('data-sheet')).resolves.toBe('half');
    await expect(page.getByTestId('unit-tier').isVisible()).resolves.toBe(true);
    expect(await page.locator('.reasons li').count()).toBeGreaterThan(0);
    await page.getByTestId('sheet-handle').click();
    await expect(page.getByTestId('dock').getAttribute('data-sheet')).resolves.toBe('full');
    const row = page.locator('[data-testid=children-table] tbody tr').first();
    await row.scrollIntoViewIfNeeded();
    await expect(row.isVisible()).resolves.toBe(true);
    const box = (await row.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: artifactPath('layout-phone-sheet-full.png') });
    expect(await findAxeViolations(page)).toEqual([]);
    // A child opens from the sheet; the handle brings the map back.
    const childId = Number(await row.getAttribute('data-unit-id'));
    await row.tap();
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${childId}"]`);
    await page.getByTestId('sheet-handle').click();
    await expect(page.getByTestId('dock').getAttribute('data-sheet')).resolves.toBe('collapsed');
    expect((await findControlProblems(page, 44)).problems).toEqual([]);
    // The network drops in the field: a message in the UI language, the map still drawn, nothing cleared.
    await page.context().setOffline(true);
    await page.waitForSelector('[data-testid=offline]');
    await expect(page.getByTestId('offline').textContent()).resolves.toMatch(/Mất kết nối mạng/);
    expect((await readState(page)).columns?.id.length).toBeGreaterThan(0);
    await expect(page.getByTestId('live-status').getAttribute('data-status')).resolves.toBe('dropped');
    expect((await findControlProblems(page, 44)).problems).toEqual([]);
    await page.screenshot({ path: artifactPath('layout-phone-offline.png') });
    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid=offline]', { state: 'detached' });
    await close(page);
  });

  it('opens units from the keyboard: a children row with Enter, the breadcrumb with Enter', async () => {
    const page = await open(SIZES[1]);
    const row = page.locator('[data-testid=children-table] tbody tr').first();
    const id = Number(await row.getAttribute('data-unit-id'));
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${id}"]`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=breadcrumb] [data-level]').length === 2);
    await page.locator('[data-testid=breadcrumb] button[data-level=city]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${suite.city.cityId}"]`);
    // The tool tabs are buttons in the tab order.
    await page.getByTestId('tool-zones').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=tool-panel-zones]');
    expect(await findAxeViolations(page)).toEqual([]);
    await close(page);
  });

  it('the time player spans every day with data, stops at the last one and has a speed and date ticks', async () => {
    const page = await open(SIZES[2]);
    const config = (await (await page.context().request.get(`${suite.city.baseUrl}/api/client-config`)).json()) as { firstDataDay: string; lastDataDay: string };
    expect(config.firstDataDay < '2021-10-04').toBe(true);
    await expect(page.getByTestId('timebar').getAttribute('data-first')).resolves.toBe(config.firstDataDay);
    await expect(page.getByTestId('timebar').getAttribute('data-last')).resolves.toBe(config.lastDataDay);
    const ticks = await page.locator('[data-testid=date-ticks] span').evaluateAll((spans) => spans.map((s) => s.getAttribute('data-date')));
    expect(ticks[0]).toBe(config.firstDataDay);
    expect(ticks.at(-1)).toBe(config.lastDataDay);
    // The slider's left end is the first day.
    await page.getByTestId('date-slider').fill('0');
    await page.waitForFunction((d) => (window as unknown as WindowWithHook).__riskmap.state().date === d, config.firstDataDay);
    const nearEnd = new Date(Date.parse(`${config.lastDataDay}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('date-input').fill(nearEnd);
    await page.waitForFunction((d) => (window as unknown as WindowWithHook).__riskmap.state().date === d, nearEnd);
    await page.getByTestId('speed').selectOption({ label: '4×' });
    await page.getByTestId('play').click();
    await page.waitForSelector('[data-testid=play-ended]');
    expect((await readState(page)).date).toBe(config.lastDataDay);
    await expect(page.getByTestId('play').getAttribute('aria-pressed')).resolves.toBe('false');
    await page.waitForTimeout(600);
    expect((await readState(page)).date).toBe(config.lastDataDay);
    // A linked date before the data opens on the first day, says so, and the map still draws.
    await page.goto(`${suite.city.baseUrl}/?date=2020-01-01`);
    await waitForTiers(page);
    await page.waitForSelector('[data-testid=date-before-data]');
    expect((await readState(page)).date).toBe(config.firstDataDay);
    expect((await readState(page)).columns?.id.length).toBeGreaterThan(0);
    await close(page);
  });

  it('search moves with the arrow keys, picks with Enter and never acts on a stale answer', async () => {
    const page = await open(SIZES[2]);
    const input = page.getByTestId('search-input');
    // An answer for an older query held back until after the newer one: it must not replace it.
    let heldBack = 0;
    await page.route(/\/api\/search\?q=thanh(&|$)/, async (route) => {
      heldBack++;
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue().catch(() => undefined);
    });
    await input.fill('thanh');
    await page.waitForTimeout(300);
    await input.fill('phuong 1');
    await page.waitForSelector('[data-testid=search-results][data-query="phuong 1"] [role=option][data-unit-id]');
    await page.waitForTimeout(900);
    await expect(page.getByTestId('search-results').getAttribute('data-query')).resolves.toBe('phuong 1');
    expect(heldBack).toBeGreaterThan(0);
    const options = page.locator('[data-testid=search-results] [role=option][data-unit-id]');
    expect(await options.count()).toBeGreaterThanOrEqual(2);
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    const second = options.nth(1);
    await expect(second.getAttribute('aria-selected')).resolves.toBe('true');
    await expect(input.getAttribute('aria-activedescendant')).resolves.toBe(await second.getAttribute('id'));
    await input.press('ArrowUp');
    await expect(options.nth(0).getAttribute('aria-selected')).resolves.toBe('true');
    await input.press('ArrowDown');
    const secondId = Number(await second.getAttribute('data-unit-id'));
    await input.press('Enter');
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${secondId}"]`);
    // Enter typed before the answer arrives waits for the answer to what was typed.
    const ward = suite.city.wards[3]!;
    await input.fill(ward.name);
    await input.press('Enter');
    await page.waitForSelector(`[data-testid=unit-name][data-unit-id="${ward.id}"]`);
    // No match: a message, not a stale list.
    await input.fill('zzqxw');
    await page.waitForSelector('[data-testid=search-no-result]');
    await expect(page.locator('[data-testid=search-results] [data-unit-id]').count()).resolves.toBe(0);
    expect(await findAxeViolations(page)).toEqual([]);
    await close(page);
  });

  it('exports the view as a PNG and prints the map instead of the controls', async () => {
    const page = await open(SIZES[2]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-view').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^riskmap-${LAST_DAY}-.+\\.png$`));
    const png = fs.readFileSync(await download.path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1440, 900]);
    fs.copyFileSync(await download.path(), artifactPath('layout-export.png'));

    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => (document.querySelector('[data-testid=print-view]') as HTMLImageElement | null)?.naturalWidth === 1440);
    const shown = await page.evaluate(() => {
      const visible = (selector: string) => [...document.querySelectorAll(selector)].some((el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0);
      const image = document.querySelector('[data-testid=print-view]') as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = 144;
      canvas.height = 90;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0, 144, 90);
      const data = ctx.getImageData(0, 0, 144, 90).data;
      const colours = new Set<string>();
      for (let i = 0; i < data.length; i += 4 * 7) colours.add(`${data[i]! >> 4},${data[i + 1]! >> 4},${data[i + 2]! >> 4}`);
      return { image: visible('[data-testid=print-view]'), controls: ['.topbar', '.dock', '.timebar', '.maplibregl-ctrl', '.map-tools'].filter(visible), colours: colours.size };
    });
    expect(shown.image).toBe(true);
    expect(shown.controls).toEqual([]);
    // A map with tiers, labels and legend, not an empty background.
    expect(shown.colours).toBeGreaterThan(5);
    await page.screenshot({ path: artifactPath('layout-print.png') });
    await page.emulateMedia({ media: 'screen' });
    await close(page);
  });

  it('does not keep the parent\'s name in the tooltip after a click zooms into it', async () => {
    const page = await open(SIZES[2]);
    const points = await page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.unitPoints());
    const target = points.find((p) => p.x > 200 && p.x < 900 && p.y > 150 && p.y < 700)!;
    await page.mouse.move(target.x, target.y + 25);
    await page.waitForSelector('[data-testid=tooltip]');
    await expect(page.getByTestId('tooltip').textContent()).resolves.toContain(target.name);
    await page.mouse.click(target.x, target.y + 25);
    await page.waitForFunction(() => (window as unknown as WindowWithHook).__riskmap.state().level === 'ward');
    await waitForTiers(page);
    const tooltip = await page.locator('[data-testid=tooltip]').textContent({ timeout: 500 }).catch(() => null);
    expect(tooltip ?? '').not.toContain(target.name);
    await close(page);
    expect(errors).toEqual([]);
  });
});
