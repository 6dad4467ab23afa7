// Ho Chi Minh City's real boundaries live beside the project, in
// ../shared/data/hcmc (never copied into it). Feature suites run on a
// generated city when it is missing; only checks about the real city need it.
import fs from 'node:fs';
import path from 'node:path';

export const HCMC_DIR = path.resolve('../shared/data/hcmc');
export const HAS_HCMC = fs.existsSync(HCMC_DIR);

/**
 * True when the real city's files are there, for `describe.skipIf(!hasRealCity())`.
 * CI sets RISKMAP_REQUIRE_HCMC=1, so a missing ../shared fails there instead of skipping.
 */
export function hasRealCity(): boolean {
  if (!HAS_HCMC && process.env.RISKMAP_REQUIRE_HCMC === '1') {
    throw new Error(`RISKMAP_REQUIRE_HCMC=1 but there is no ${HCMC_DIR} (the real boundaries, kept beside the project in ../shared)`);
  }
  return HAS_HCMC;
}
