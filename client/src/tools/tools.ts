// The dashboard's tools beside the unit panel (zones and reports, aid
// rounds, the national push). Each tool lives in its own folder and is
// listed in tool-list.ts; the dashboard shows the ones the role may use as
// tabs above the right-hand panel and renders the open one in its place.
import type { ReactNode } from 'react';
import type { ClientConfig, Me } from '../api/types.ts';
import type { AidChange } from '../live/use-live.ts';
import type { MapController } from '../map/map-controller.ts';

/** What every tool gets from the dashboard. */
export interface ToolContext {
  me: Me;
  config: ClientConfig;
  /** Null until the map has loaded. */
  controller: MapController | null;
  /** The dashboard's date (YYYY-MM-DD) and rule set. */
  date: string;
  ruleSet: string;
  /** The unit selected in the map or panel, null when none. */
  selectedId: number | null;
  /** Bumped on every live update: refetch what you show when it changes. */
  version: number;
  /** Selects a unit on the map and in the unit panel. */
  onSelectUnit(id: number): void;
  /** Flies the map to a household and opens its popup (ward officials; field-households #16). */
  onLocateHousehold(householdId: number): void;
  /** Listens to the dashboard's live stream for aid-round events; returns the unsubscribe. */
  subscribeAid(listener: (change: AidChange) => void): () => void;
}

export interface ToolDefinition {
  /** Stable id, also the tab's data-testid suffix (`tool-<id>`). */
  id: string;
  /** Tab label. Tools keep their own strings ({ vi, en } beside them) rather than growing i18n/messages.ts. */
  label: { vi: string; en: string };
  /** Roles that see the tab. */
  roles: readonly string[];
  render(context: ToolContext): ReactNode;
}
