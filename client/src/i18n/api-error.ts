// API errors in the UI language: the server sends { code, message, details }
// (server/errors.ts); the client renders the text from the code and the
// details, never the server's English message.
import type { ApiError } from '../api/api-client.ts';
import { formatPoint } from './format.ts';
import { MESSAGES, translate, type Language, type MessageKey } from './messages.ts';

const LEVELS = ['city', 'district', 'ward', 'neighbourhood', 'block'];
const levelName = (level: unknown, language: Language) =>
  typeof level === 'string' && LEVELS.includes(level) ? translate(language, `level_${level}` as MessageKey) : String(level ?? '?');

/** The text of an API error in the language, from its code and details. */
export function describeApiError(error: Pick<ApiError, 'code' | 'status' | 'details'>, language: Language, ruleSetName: (id: string) => string = (id) => id): string {
  const details = (error.details && typeof error.details === 'object' ? error.details : {}) as Record<string, unknown>;
  if (error.status === 0 || error.code === 'NETWORK') return translate(language, 'err_NETWORK');
  if (error.code === 'ZONE_SELF_INTERSECTION' && Array.isArray(details.at)) {
    return translate(language, 'err_ZONE_SELF_INTERSECTION_AT', { point: formatPoint(details.at as number[], language) });
  }
  if (error.code === 'RULE_SET_LEVEL_NOT_GRADED') {
    const levels = Array.isArray(details.levels) ? details.levels.map((l) => levelName(l, language)).join(', ') : '?';
    return translate(language, 'err_RULE_SET_LEVEL_NOT_GRADED', { ruleSet: ruleSetName(String(details.ruleSetId ?? '?')), level: levelName(details.level, language), levels });
  }
  const key = `err_${error.code}` as MessageKey;
  if (key in MESSAGES[language]) return translate(language, key, Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])));
  return translate(language, 'err_unknown', { code: error.code });
}
