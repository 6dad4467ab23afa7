// Layout checks the screen-size tests share: every visible control inside the
// viewport and not covered (elementFromPoint at its centre is the control or
// inside it), touch targets' sizes, and axe-core's serious/critical findings.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface ControlProblem {
  control: string;
  problem: string;
}

/** Controls a user must reach at any size (those present and displayed are checked). */
export const CONTROL_SELECTORS = [
  '[data-testid=search-input]', '[data-testid=menu]', '[data-testid=language]', '[data-testid=rule-set]', '[data-testid=legend-toggle]',
  '[data-testid=date-input]', '[data-testid=play]', '[data-testid=speed]', '[data-testid=date-slider]', '.timebar button', '.timebar select',
  '.maplibregl-ctrl-zoom-in', '.maplibregl-ctrl-zoom-out', '[data-testid=export-view]', '.tool-tabs button', '[data-testid=sheet-handle]',
  '[data-testid=live-status]',
];

/** Each displayed control that is off-screen, covered at its centre or (with `minTarget`) smaller than `minTarget` px. */
// Kept as source text: run through page.evaluate as a string so no build-time helper (esbuild's __name) is needed in the page.
const CHECK_CONTROLS = `(([selectors, min]) => {
  const problems = [];
  const checked = [];
  const describeElement = (el) => el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '') + ':' + (el.textContent || '').trim().slice(0, 20);
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const name = describeElement(el);
      checked.push(name);
      if (rect.left < 0 || rect.top < 0 || rect.right > window.innerWidth + 0.5 || rect.bottom > window.innerHeight + 0.5) {
        problems.push({ control: name, problem: 'off-screen ' + Math.round(rect.left) + ',' + Math.round(rect.top) + ' ' + Math.round(rect.width) + 'x' + Math.round(rect.height) });
        continue;
      }
      const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      if (!top || !(top === el || el.contains(top) || (top.tagName === 'LABEL' && top.contains(el)))) {
        problems.push({ control: name, problem: 'covered by ' + (top ? describeElement(top) : 'nothing') });
      }
      const isTarget = ['BUTTON', 'SELECT', 'A'].includes(el.tagName) || (el.tagName === 'INPUT' && el.type !== 'range');
      if (min > 0 && isTarget && (rect.width < min - 0.5 || rect.height < min - 0.5)) {
        problems.push({ control: name, problem: 'touch target ' + Math.round(rect.width) + 'x' + Math.round(rect.height) + ' < ' + min });
      }
    }
  }
  return { checked, problems };
})`;

/** Each displayed control that is off-screen, covered at its centre or (with `minTarget`) smaller than `minTarget` px. */
export async function findControlProblems(page: Page, minTarget = 0, selectors: readonly string[] = CONTROL_SELECTORS): Promise<{ checked: string[]; problems: ControlProblem[] }> {
  await settleTransitions(page);
  return page.evaluate(`${CHECK_CONTROLS}(${JSON.stringify([selectors, minTarget])})`);
}

/**
 * Waits for the page's finite CSS transitions and animations (the bottom sheet
 * sliding, a flash) to end, so a check sees the layout the user is left with
 * rather than a frame of the slide. Endless animations (a spinner) are not waited for.
 */
async function settleTransitions(page: Page): Promise<void> {
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => Number.isFinite(Number(a.effect && a.effect.getComputedTiming().endTime)))
    .map((a) => a.finished.catch(() => undefined)))
    .then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))`);
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core's serious and critical violations on the page as it is now. */
export async function findAxeViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource};void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
