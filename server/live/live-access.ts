// The seam for access control (issue 9): what of a live event a caller may
// see. Today every caller sees every event; events carry unit ids, tiers and
// days only, so there is no personal data to strip.
import type { LiveEvent } from './live.repo.ts';

/** Who is listening; filled in by the auth work. */
export interface LiveCaller {
  role?: string;
  unitId?: number | null;
}

/** The event as this caller may see it, or null to skip it. */
export function filterLiveEventForCaller(event: LiveEvent, _caller: LiveCaller): LiveEvent | null {
  return event;
}
