// A planner draws a zone on the map (first crossing itself, which the API
// refuses with a message shown in the tool), saves a proper one, asks for a
// CSV report, watches the progress reach done and downloads the file.
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath, hasBrowser } from '../helpers/browser.ts';
import { FIRST_DAY, LAST_DAY } from './dashboard-fixture.ts';
import { useDashboardSuite } from './dashboard-suite.ts';
import { readState, signIn, type WindowWithHook } from './dashboard-page.ts';

type DrawWindow = Window & { __riskmap: { controller: { extraLayers: Map<string, { id: string }[]> } } };

/** Clicks corners on the map canvas at offsets (CSS px) from a point. */
async function clickCorners(page: Page, origin: { x: number; y: number }, offsets: [number, number][]) {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  for (const [dx, dy] of offsets) {
    await page.mouse.click(box.x + origin.x + dx, box.y + origin.y + dy);
    await page.waitForTimeout(350); // longer than a double-click interval: separate clicks
  }
}

async function downloaded(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.skipIf(!hasBrowser())('zones and reports tool', () => {
  const suite = useDashboardSuite(4_000);

  it('draws a zone, shows the validation error of a crossing polygon, makes a CSV report and downloads it', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, suite.city.baseUrl, `date=${LAST_DAY}`, 'planner');
    await page.getByTestId('tool-zones').click();
    await page.waitForSelector('[data-testid=zones-tool]');
    const selectedBefore = (await readState(page)).selectedId;
    const origin = await page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.unitPoints()[0]!);

    // A bow tie: the API refuses it and the tool shows where it crosses.
    await page.getByTestId('zone-draw').click();
    await clickCorners(page, origin, [[-60, -60], [60, 60], [60, -60], [-60, 60]]);
    await page.waitForFunction(() => ((window as unknown as DrawWindow).__riskmap.controller.extraLayers.get('zone-draw') ?? []).some((l) => l.id === 'zone-draw-area'));
    await page.getByTestId('zone-draw-finish').click();
    await page.getByTestId('zone-save-drawn').click();
    await page.waitForSelector('[data-testid=zone-error]');
    expect(await page.getByTestId('zone-error').textContent()).toMatch(/tự cắt chính nó tại điểm \d/);

    // A square around the first unit's label: the wards whose interior point lies inside.
    await page.selectOption('[data-testid=zone-level]', 'ward');
    await page.fill('[data-testid=zone-name]', 'Vùng vẽ thử');
    await page.getByTestId('zone-draw').click();
    await clickCorners(page, origin, [[-120, -120], [120, -120], [120, 120]]);
    const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.dblclick(canvas.x + origin.x - 120, canvas.y + origin.y + 120); // the last corner closes the polygon
    await page.waitForSelector('[data-testid=zone-save-drawn]');
    expect(await page.getByTestId('zone-save-drawn').evaluate((b) => b.previousElementSibling?.textContent)).toBe('4 đỉnh');
    expect((await readState(page)).selectedId).toBe(selectedBefore); // drawing clicks did not select units
    await page.getByTestId('zone-save-drawn').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=zone-item]') !== null || document.querySelector('[data-testid=zone-error]') !== null);
    expect(await page.locator('[data-testid=zone-error]').allTextContents()).toEqual([]);
    expect(await page.getByTestId('zone-item').first().textContent()).toContain('Vùng vẽ thử');
    const [zone] = await suite.t.database.withSession((s) => s.query<{ id: number; unit_ids: number[]; kind: string }>(`SELECT id, unit_ids, kind FROM zone`));
    expect(zone!.kind).toBe('polygon');
    expect(zone!.unit_ids.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as DrawWindow).__riskmap.controller.extraLayers.has('zone-draw'))).toBe(false);
    await page.waitForFunction(() => (window as unknown as DrawWindow).__riskmap.controller.extraLayers.get('zone-outline')?.[0]?.id === 'zone-outline');

    await page.selectOption('[data-testid=report-format]', 'csv');
    await page.getByTestId('report-request').click();
    await page.waitForSelector('[data-testid=report-job][data-status=done]');
    expect(await page.getByTestId('report-progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    expect(download.suggestedFilename()).toBe(`riskmap-zone-${zone!.id}-${LAST_DAY}.csv`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFzone,unit_id,unit_code,unit_name,level,date,rule_set/);
    expect(lines.length).toBe(zone!.unit_ids.length + 1);
    expect(lines.slice(1).every((l) => l.startsWith('Vùng vẽ thử,'))).toBe(true);
    await page.screenshot({ path: artifactPath('zones-tool.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for an XLSX of a period (from–to) at block level, shows "no data" for an empty period, and the file holds that period', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, suite.city.baseUrl, `date=${LAST_DAY}`, 'planner');
    await page.getByTestId('tool-zones').click();
    await page.waitForSelector('[data-testid=zone-report]');
    const [zone] = await suite.t.database.withSession((s) => s.query<{ id: number; unit_ids: number[] }>(`SELECT id, unit_ids FROM zone ORDER BY id LIMIT 1`));
    // The default period is the 28 days ending on the dashboard's date, as the API's.
    expect(await page.getByTestId('report-date').inputValue()).toBe(LAST_DAY);
    await page.getByTestId('report-period-range').click();
    expect(await page.getByTestId('report-from').inputValue()).toBe('2021-10-04');
    expect(await page.getByTestId('report-to').inputValue()).toBe(LAST_DAY);
    // A ward zone: only the levels below it are offered.
    expect(await page.locator('[data-testid=report-level] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['', 'neighbourhood', 'block']);

    // A period before any record: the API's 422, shown as "no data" with where the data runs.
    await page.fill('[data-testid=report-from]', '2020-01-01');
    await page.fill('[data-testid=report-to]', '2020-01-31');
    await page.getByTestId('report-request').click();
    await page.waitForSelector('[data-testid=report-no-data]');
    expect(await page.getByTestId('report-error').textContent()).toMatch(/Không có số liệu trong khoảng thời gian này\. Không có dữ liệu của vùng này trong khoảng thời gian đã chọn\./); // rendered from the error code, in the UI language (#16)

    const [from, to] = [FIRST_DAY, '2021-10-20'];
    await page.fill('[data-testid=report-from]', from);
    await page.fill('[data-testid=report-to]', to);
    await page.selectOption('[data-testid=report-level]', 'block');
    await page.selectOption('[data-testid=report-format]', 'xlsx');
    await page.getByTestId('report-request').click();
    await page.waitForSelector('[data-testid=report-job][data-status=done]');
    expect(await page.locator('[data-testid=report-error]').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    expect(download.suggestedFilename()).toBe(`riskmap-zone-${zone!.id}-${to}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await downloaded(download) as unknown as ArrayBuffer);
    // Sheets and headers are in the report's language (#16): the "Fields" sheet maps each header back to its field id.
    const [unitsSheet, , fieldsSheet, aboutSheet] = book.worksheets;
    const about = new Map<string, unknown>();
    aboutSheet!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect([about.get('Từ ngày') ?? about.get('From'), about.get('Đến ngày') ?? about.get('To')]).toEqual([from, to]);
    const fieldOf = new Map<string, string>();
    fieldsSheet!.eachRow((row, n) => { if (n > 1) fieldOf.set(String(row.getCell(1).value), String(row.getCell(2).value)); });
    const sheet = unitsSheet!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map((h) => fieldOf.get(String(h)) ?? String(h));
    const rows = [] as Record<string, unknown>[];
    sheet.eachRow((row, n) => { if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value]))); });
    // One row per block inside the zone's wards, each for the period's last day.
    const [blocks] = await suite.t.database.withSession((s) => s.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unit_ancestry WHERE level = 'block' AND ward_id = ANY ($1::int[])`, [zone!.unit_ids]));
    expect(rows.length).toBe(blocks!.n);
    expect(rows.length).toBeGreaterThan(zone!.unit_ids.length);
    expect(rows.every((r) => (r.level === 'tổ dân phố' || r.level === 'block') && r.date === to && r.zone === 'Vùng vẽ thử')).toBe(true);
    await page.screenshot({ path: artifactPath('zones-tool-period.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
