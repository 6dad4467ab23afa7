import { describe, expect, it } from 'vitest';
import { applyColumnMapping, proposeColumnMapping } from '../../../geo/normalise/columns.ts';
import { normaliseTestRow, normaliseVaccinationRow } from '../../../geo/normalise/rows.ts';
import { simulateCity } from '../../../geo/simulate/index.ts';
import { mergeParameters } from '../../../geo/simulate/parameters.ts';
import { formatDate, formatHeader, renderJsonRecord, renderTable } from '../../../geo/simulate/render.ts';
import { CANONICAL_FIELDS } from '../../../geo/normalise/fields.ts';
import { buildTestCity } from './test-city.ts';

const params = mergeParameters({ startDate: '2021-08-20', endDate: '2021-09-05' });

describe('formatDate', () => {
  it.each([
    ['2021-08-07', 'dmy', null, '07/08/2021'],
    ['2021-08-07', 'dmy', 845, '07/08/2021 14:05'],
    ['2021-08-07', 'dmy-short', 545, '7/8/21 9:05'],
    ['2021-08-07', 'iso', 845, '2021-08-07T14:05:00+07:00'],
    ['2021-08-07', 'excel-serial', null, 44415],
    ['2021-08-07', 'excel-serial', 720, 44415.5],
  ] as const)('%s in %s at minute %s → %s', (iso, style, minute, expected) => {
    expect(formatDate(iso, style, minute)).toBe(expected);
  });
});

describe('headers', () => {
  it.each(['diacritics', 'plain', 'upper', 'english'] as const)('every field written %s maps back to itself', (style) => {
    const fields = CANONICAL_FIELDS;
    const mapping = proposeColumnMapping(fields.map((f) => formatHeader(f, style)));
    expect(mapping.columns.map((c) => c.field)).toEqual([...fields]);
  });
});

describe('every site’s rows, read back by the normalisers', () => {
  const population = buildTestCity(4_000, 1, 2, params.startDate);
  const city = simulateCity(population, params, 'render');

  it('uses CSV, XLSX, JSON and FHIR and every header and date style', () => {
    expect(new Set(city.sources.map((s) => s.format))).toEqual(new Set(['csv', 'xlsx', 'json', 'fhir']));
    expect(city.sources.length).toBeGreaterThanOrEqual(12);
  });

  it('map every column and give back the sample day, result, dose and vaccine of the truth', { timeout: 0 }, () => {
    let checked = 0;
    for (const submission of city.submissions.slice(0, 150)) {
      const source = city.sources[submission.source]!;
      const records = submission.records.filter((r) => !r.dirt.includes('lateCorrection'));
      let raws;
      if (source.format === 'json' || source.format === 'fhir') {
        raws = records.map((r) => Object.fromEntries(Object.entries(renderJsonRecord(source, r)).map(([k, v]) => [k, v ?? undefined])));
      } else {
        const table = renderTable(source, records);
        const mapping = proposeColumnMapping(table.header);
        expect(mapping.columns.map((c) => c.field)).toEqual([...source.columns]);
        raws = table.rows.map((row) => applyColumnMapping(mapping, row.map((c) => (c === null ? '' : String(c)))));
      }
      raws.forEach((raw, i) => {
        const record = records[i]!;
        const options = { today: '2021-12-31' };
        if (record.values.test) {
          const out = normaliseTestRow(raw, options);
          expect(out.rejected, JSON.stringify(out.issues)).toBe(false);
          if (out.rejected) return;
          expect(out.record.sampleTime?.slice(0, 10)).toBe(record.values.test.sampleDate);
          expect(out.record.result).toBe(record.values.test.result);
          expect(out.record.method).toBe(record.values.test.method);
          expect(out.record.pooled).toBe(record.values.test.pooled);
        } else if (record.values.vaccination) {
          const out = normaliseVaccinationRow(raw, options);
          expect(out.rejected, JSON.stringify(out.issues)).toBe(false);
          if (out.rejected) return;
          expect(out.record.vaccinationDate).toBe(record.values.vaccination.date);
          expect(out.record.doseNumber).toBe(record.values.vaccination.doseNumber);
          expect(out.record.vaccine?.brand).toBe(record.values.vaccination.brand);
        }
        checked += 1;
      });
    }
    expect(checked).toBeGreaterThan(500);
  });
});
