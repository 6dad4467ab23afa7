// Response types of the API, taken from the server's schemas (types only:
// nothing of server/ ends up in the bundle).
import type { Static } from 'typebox';
import type { ChildrenResponse, HistoryResponse, HouseholdsResponse, UnitColumnsResponse, UnitDetailResponse } from '../../../server/risk/units.schemas.ts';

export type UnitColumns = Static<typeof UnitColumnsResponse>;
export type UnitDetail = Static<typeof UnitDetailResponse>;
export type UnitChildren = Static<typeof ChildrenResponse>;
export type UnitChild = UnitChildren['children'][number];
export type UnitHistory = Static<typeof HistoryResponse>;
export type BlockHouseholds = Static<typeof HouseholdsResponse>;
export type LegendEntry = UnitColumns['tiers'][number];
export type Text = { vi: string; en: string };

export type { UnitLevel } from '../../../geo/risk/rule-set-schema.ts';
/** Levels drawn on the map, coarse to fine (households are points below blocks). */
export const MAP_LEVELS = ['district', 'ward', 'neighbourhood', 'block'] as const;
export type MapLevel = (typeof MAP_LEVELS)[number];

export interface Me {
  username: string;
  role: string;
  jurisdiction: { unitId: number; level: string } | null;
  csrfToken: string | null;
}

export interface ClientConfig {
  basemapStyleUrl: string | null;
  city: { id: number; name: string; bbox: Bbox | null } | null;
  unitCounts: Record<string, number>;
  lastDataDay: string | null;
  /** Older servers do not send it: the client then starts the player 8 weeks before the last day. */
  firstDataDay?: string | null;
}

export type Bbox = [number, number, number, number];

export interface SearchHit {
  id: number;
  code: string;
  name: string;
  level: string;
  bbox: Bbox | null;
  path: { id: number; name: string; level: string }[];
}

export interface SearchResult {
  units: SearchHit[];
  households: { id: number; address: string; blockId: number | null; position: [number, number] | null }[];
}

export interface RuleSetSummary {
  id: string;
  name: Text;
  levels: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
}
