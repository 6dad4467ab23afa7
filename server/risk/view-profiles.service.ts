// View profiles in force: the shipped ones, each checked against the rule sets
// in force (a city may have replaced one), and the rule set a request uses
// when it names a profile instead of a rule set.
import { DEFAULT_VIEW_PROFILE_ID, SHIPPED_VIEW_PROFILES, UNIT_LEVELS, validateViewProfile, type UnitLevel, type ViewProfile, type ViewProfileProblem } from '../../geo/risk/index.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { listRuleSets } from './rule-set.service.ts';

export interface ViewProfileEntry extends ViewProfile {
  isDefault: boolean;
  /** Empty when usable; otherwise what is wrong (the profile is listed, not used). */
  problems: ViewProfileProblem[];
}

/** Every shipped profile with its problems against the rule sets in force. */
export async function listViewProfiles(session: Session): Promise<ViewProfileEntry[]> {
  const ruleSets = await listRuleSets(session);
  return SHIPPED_VIEW_PROFILES.map((doc) => {
    const profile = doc as ViewProfile;
    return { ...profile, isDefault: profile.id === DEFAULT_VIEW_PROFILE_ID, problems: validateViewProfile(doc, ruleSets) };
  });
}

/** The level of a unit's children (units hang one level below their parent); null under blocks. */
export function childLevelOf(level: UnitLevel): UnitLevel | null {
  return UNIT_LEVELS[UNIT_LEVELS.indexOf(level) + 1] ?? null;
}

/**
 * The rule-set id a request grades `level` with: its `ruleSet` when given,
 * else its `viewProfile`'s rule set for the level, else undefined (the
 * default rule set). An unknown or unusable profile is a 404/400.
 */
export async function resolveRuleSetId(database: Database, query: { ruleSet?: string; viewProfile?: string }, level: UnitLevel | null): Promise<string | undefined> {
  if (query.ruleSet !== undefined || query.viewProfile === undefined || level === null) return query.ruleSet;
  const profiles = await database.withSession(listViewProfiles);
  const profile = profiles.find((p) => p.id === query.viewProfile);
  if (!profile) throw new AppError('VIEW_PROFILE_NOT_FOUND', `no view profile "${query.viewProfile}"; GET /api/view-profiles lists them`, { viewProfile: query.viewProfile });
  if (profile.problems.length > 0) {
    throw new AppError('VIEW_PROFILE_INVALID', `view profile ${profile.id}: ${profile.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { viewProfile: profile.id, problems: profile.problems });
  }
  return profile.levels[level];
}
