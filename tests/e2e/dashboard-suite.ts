// The setup every dashboard browser suite shares: a fresh copy of the test
// database with the seeded city, the app listening, and one Chromium —
// opened before the suite's tests and closed after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { seedDashboardCity, startDashboard, type DashboardCity } from './dashboard-fixture.ts';

export interface DashboardSuite {
  readonly t: TestDatabase;
  readonly city: DashboardCity;
  readonly browser: Browser;
}

/** Registers the suite's beforeAll/afterAll (call inside `describe`); the fields are set once beforeAll has run. */
export function useDashboardSuite(people: number): DashboardSuite {
  let t: TestDatabase | undefined;
  let city: DashboardCity | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedDashboardCity(t.database, people);
    city = await startDashboard(t.config, t.database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await city?.app.close();
    await t?.drop();
  });
  return {
    get t() { return t!; },
    get city() { return city!; },
    get browser() { return browser!; },
  };
}
