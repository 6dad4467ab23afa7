// The table behind CSV and XLSX: one row per unit with every indicator, its
// tier and label, the rule set and the date. Values are as the API shows them
// to the caller ("<5" where suppressed).
import type { ReportData } from './report-data.service.ts';

export type CellValue = string | number | boolean | null;

const STANDING_KEYS = ['activeCases', 'atLeastOneDose', 'fullyVaccinated', 'booster', 'pendingRetest'];

/** truth-cases (#14): a unit's data problems in one cell, e.g. "coverage_above_100 coverage1DoseTotal: 412 vaccinated / population 398". */
const describeDataProblems = (problems: ReportData['units'][number]['dataProblems']): string | null =>
  problems.length === 0 ? null : problems.map((p) => `${p.code} ${p.indicator}: ${p.numerator} vaccinated / population ${p.denominator ?? 'unknown'}`).join('; ');

export function reportColumns(data: ReportData): string[] {
  return [
    'zone', 'unit_id', 'unit_code', 'unit_name', 'level', 'date', 'rule_set', 'rule_set_version', 'tier', 'tier_label_vi', 'tier_label_en',
    'population', 'communityCases14d', 'cases7d', ...data.indicatorKeys, ...STANDING_KEYS, 'last_data_day', 'suppressed', 'data_problems',
  ];
}

export function reportRows(data: ReportData): CellValue[][] {
  return data.units.map((u) => [
    data.zone.name, u.id, u.code, u.name, u.level, data.date, data.ruleSet.id, data.ruleSet.version, u.tier.id, u.tier.label.vi, u.tier.label.en,
    u.population, u.counts.communityCases14d, u.counts.cases7d, ...data.indicatorKeys.map((k) => u.indicators[k] ?? null), ...STANDING_KEYS.map((k) => u.standing[k] ?? null),
    u.lastDataDay, u.suppressed, describeDataProblems(u.dataProblems),
  ]);
}
