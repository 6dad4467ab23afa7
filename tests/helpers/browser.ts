// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve('test-artifacts');

/** True when a browser is available. CI installs it and sets RISKMAP_REQUIRE_BROWSER=1 so a missing browser fails instead of skipping. */
export function hasBrowser(): boolean {
  const present = fs.existsSync(CHROMIUM_PATH);
  if (!present && process.env.RISKMAP_REQUIRE_BROWSER === '1') {
    throw new Error(`RISKMAP_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  }
  return present;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot under test-artifacts/ and returns its path. */
export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
