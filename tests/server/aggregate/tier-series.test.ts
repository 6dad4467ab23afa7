import { describe, expect, it } from 'vitest';
import { SHIPPED_RULE_SETS } from '../../../geo/risk/index.ts';
import { VALUE_COLUMNS } from '../../../server/aggregate/rollup-sql.ts';
import { computeUnitResults, emptyTotals, VACCINATION_COLUMNS, type RollupRow } from '../../../server/risk/tier-compute.ts';

// The tier step grades a unit's whole day range in one pass (running window
// sums, results reused while inputs are unchanged); it must give, day by day,
// what grading each day on its own gives.
const row = (day: number, values: Partial<Record<(typeof VALUE_COLUMNS)[number], number>>): RollupRow =>
  ({ ...Object.fromEntries(VALUE_COLUMNS.map((c) => [c, 0])), ...values, day }) as RollupRow;

const D0 = 18_900; // 2021-09-30
const population = { total: 5000, age18Plus: 4000, age50Plus: 1500, age65Plus: 500 };
const ownSets = SHIPPED_RULE_SETS.filter((rs) => rs.combine.mode !== 'childShares');

const cases = [
  {
    what: 'a positive test leaving the 7-day window while nothing enters or leaves the 15-day one',
    rows: [row(D0, { tests_pcr: 10, positive_pcr: 4 }), row(D0 + 3, { tests_pcr: 2 })],
  },
  {
    what: 'cases, case households, doses and deaths spread over a month',
    rows: [
      row(D0, { cases_community: 30, case_households_new: 2, case_households_in7_new: 2, case_households_in14_new: 2, dose1_people: 800, dose1_18plus: 700, dose1_65plus: 100 }),
      row(D0 + 5, { cases_imported: 4, deaths: 1, full_people: 300, full_65plus: 90, tests_pcr: 40, positive_pcr: 9 }),
      row(D0 + 7, { case_households_in7_left: 2 }),
      row(D0 + 12, { cases_community: 120, cases_severe: 3, case_households_new: 1, case_households_in7_new: 1, case_households_in14_new: 1 }),
      row(D0 + 14, { case_households_in14_left: 2 }),
      row(D0 + 19, { case_households_in7_left: 1 }),
      row(D0 + 26, { case_households_in14_left: 1 }),
      row(D0 + 20, { tests_pcr: 5, positive_pcr: 1, booster_people: 10, booster_18plus: 10 }),
    ],
  },
];

describe('computeUnitResults over a day range', () => {
  it.each(cases)('equals grading each day alone: $what', ({ rows }) => {
    const input = {
      population, rows, prefix: emptyTotals(), capacities: [{ fromDay: D0 + 9, capacity: { treatmentCapacityMet: false } }],
      tierBefore: () => '2',
    };
    const fromDay = D0;
    const toDay = D0 + 40;
    const range = computeUnitResults(ownSets, { ...input, fromDay, toDay });
    for (let d = fromDay; d <= toDay; d++) {
      // Weekly sets read the tier of the last assessment day: give the single day what the range computed.
      const tierBefore = (rs: (typeof ownSets)[number], day: number) =>
        day >= fromDay ? (range.results.get(rs.id)?.[day - fromDay]?.tier ?? '2') : '2';
      const prefix = emptyTotals();
      for (const r of rows) if (r.day < d - 14) for (const c of VACCINATION_COLUMNS) prefix[c] += r[c];
      const single = computeUnitResults(ownSets, { ...input, rows: rows.filter((r) => r.day >= d - 14), prefix, fromDay: d, toDay: d, tierBefore });
      expect(range.indicatorsByDay[d - fromDay]).toEqual(single.indicatorsByDay[0]);
      for (const rs of ownSets) expect(range.results.get(rs.id)?.[d - fromDay]).toEqual(single.results.get(rs.id)?.[0]);
    }
  });
});
