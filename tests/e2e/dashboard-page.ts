// Helpers that drive the dashboard through its UI and window.__riskmap.
import type { Page } from 'playwright-core';

export interface UnitPoint {
  id: number;
  name: string;
  level: string;
  x: number;
  y: number;
}

export interface HookState {
  date: string;
  level: string;
  selectedId: number | null;
  ruleSet: string;
  colours: string[];
  columns: { id: number[]; tier: number[] } | null;
  liveStatus: string;
}

type Hook = {
  ready: boolean;
  state(): HookState;
  setDate(date: string): Promise<void>;
  setLabelsVisible(visible: boolean): void;
  readPixel(x: number, y: number): number[];
  unitPoints(): UnitPoint[];
  whenIdle(): Promise<void>;
  map: import('maplibre-gl').Map;
};
export type WindowWithHook = Window & { __riskmap: Hook };

export async function signIn(page: Page, baseUrl: string, query: string, username = 'leader'): Promise<void> {
  await page.goto(`${baseUrl}/?${query}`);
  await page.waitForSelector('[data-testid=sign-in]');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'riskmap-demo');
  await page.click('button[type=submit]');
  await waitForTiers(page);
}

/** Waits until the map has loaded and tiers of the level drawn are applied and drawn. */
export async function waitForTiers(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const hook = (window as unknown as WindowWithHook).__riskmap;
    return hook?.ready && hook.state().columns !== null && hook.unitPoints().length > 0;
  });
  await page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.whenIdle());
}

export const readState = (page: Page) => page.evaluate(() => (window as unknown as WindowWithHook).__riskmap.state());

/**
 * Each unit point of the level drawn, with the pixel under it and the colour
 * its tier should give (the legend colour over the background at the fill
 * opacity). Labels are hidden while reading.
 */
export async function readUnitColours(page: Page) {
  return page.evaluate(() => {
    const hook = (window as unknown as WindowWithHook).__riskmap;
    hook.setLabelsVisible(false);
    hook.map.triggerRepaint();
    return new Promise<Array<{ id: number; pixel: number[]; expected: number[] | null }>>((resolve) => {
      hook.map.once('render', () => {
        const state = hook.state();
        const out = hook.unitPoints().filter((p) => p.x > 5 && p.y > 5 && p.x < window.innerWidth - 450 && p.y < window.innerHeight - 5).map((p) => {
          const index = state.columns?.tier[state.columns.id.indexOf(p.id)];
          const hex = index === undefined || index < 0 ? null : state.colours[index];
          const rgb = hex ? [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) : null;
          const background = [0xee, 0xf2, 0xf5];
          return { id: p.id, pixel: hook.readPixel(p.x, p.y), expected: rgb ? rgb.map((c, k) => Math.round(c * 0.85 + (background[k] as number) * 0.15)) : null };
        });
        hook.setLabelsVisible(true);
        resolve(out);
      });
    });
  });
}

/** True when two colours are within a few units per channel (blending and dithering). */
export const isNear = (a: readonly number[], b: readonly number[]) => a.slice(0, 3).every((v, i) => Math.abs(v - (b[i] as number)) <= 6);
