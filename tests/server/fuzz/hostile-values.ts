// fast-check arbitraries of hostile values: huge and negative numbers,
// impossible dates, deep nesting, NUL/surrogates/BOMs, encodings, wide and
// long inputs, sparse XLSX, self-crossing and huge polygons. Used by the
// route fuzzer (route-fuzz.ts) in `npm test` and by `scripts/fuzz.ts`.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { sparseWorkbook, utf16, windows1258 } from '../../helpers/hostile-files.ts';

/** Numbers that break integer columns and arithmetic. */
export const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, -2147483648, 2147483647, 2147483648, 4294967296, 9007199254740991, 9007199254740993, -9007199254740993, 1e308, -1e308, 5e-324, 0.5, -0.0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Number-like text as it arrives in paths and query strings. */
export const hostileNumberText = fc.oneof(
  hostileNumber.map(String),
  fc.constantFrom('9223372036854775808', '-9223372036854775809', '99999999999999999999999999', '1e400', 'NaN', 'Infinity', '0x10', ' 1', '1.5', '١٢', '', '%00', '1;DROP TABLE unit'),
);

/** Dates that look like dates and are not (and a few real ones at the edges). */
export const hostileDate = fc.oneof(
  fc.constantFrom('2021-02-30', '2021-99-99', '2021-00-00', '2021-02-29', '2020-02-29', '0000-01-01', '9999-12-31', '1900-01-01', '2021-13-01', '2021-1-1', '21-01-01', '2021-01-01T00:00:00Z', '30/02/2021', '2021-02-30\u0000'),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);

/** Text PostgreSQL cannot store or that tools choke on. */
export const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\uFEFF', '\uFEFFHọ và tên', 'Nguyễn Văn A', 'Nguye\u0302\u0303n', '../../etc/passwd', "'; DROP TABLE unit; --", '<script>', '=cmd|x', '%s%n', 'null', 'true', '[]', '{}', '\r\n', '\\'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  hostileDate,
  hostileNumberText,
);

/** JSON nested `depth` deep, as text (JSON.stringify would itself overflow). */
export const deepJsonText = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

/** Any JSON value, hostile at every level (bounded depth; deep nesting comes as text). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    hostileNumber, hostileString, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 5 })),
})).value;

type Point = [number, number];

/** A ring of `n` points around a centre; `crossing` makes it a {n/k} star whose edges cross. */
export function ringOf(n: number, crossing: boolean, centre: Point = [106.7, 10.8], radius = 0.01): Point[] {
  const k = crossing ? Math.floor(n / 2) - 1 || 1 : 1;
  const points = Array.from({ length: n }, (_, i): Point => {
    const angle = (2 * Math.PI * ((i * k) % n)) / n;
    return [centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)];
  });
  return [...points, points[0]!];
}

/** Polygons: self-crossing, huge, out of range, unclosed, nested Features, wrong types. */
export const hostileGeometry: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.integer({ min: 5, max: 7000 }), fc.boolean()).map(([n, crossing]) => ({ type: 'Polygon', coordinates: [ringOf(n, crossing)] })),
  fc.constant({ type: 'Polygon', coordinates: [ringOf(25_000, false)] }),
  fc.array(fc.tuple(hostileNumber, hostileNumber), { minLength: 0, maxLength: 12 }).map((ring) => ({ type: 'Polygon', coordinates: [ring] })),
  fc.integer({ min: 1, max: 200 }).map((depth) => {
    let g: unknown = { type: 'Polygon', coordinates: [ringOf(5, false)] };
    for (let i = 0; i < depth; i++) g = { type: 'Feature', properties: {}, geometry: g };
    return g;
  }),
  fc.constant({ type: 'MultiPolygon', coordinates: Array.from({ length: 3000 }, (_, i) => [ringOf(4, false, [106 + i * 0.0001, 10.8], 0.00001)]) }),
  hostileJson,
);

/** File contents for the upload route: encodings, BOMs, NULs, wide and long lines, sparse and broken workbooks. */
export const hostileFile: fc.Arbitrary<{ name: string; bytes: Buffer }> = fc.oneof(
  fc.tuple(fc.array(hostileString, { minLength: 1, maxLength: 6 }), fc.array(fc.array(hostileString, { maxLength: 6 }), { maxLength: 6 }))
    .chain(([header, rows]) => {
      const text = [header, ...rows].map((r) => r.join(',')).join('\n');
      return fc.constantFrom(
        { name: 'a.csv', bytes: Buffer.from(text, 'utf8') },
        { name: 'le.csv', bytes: utf16(text, 'le') },
        { name: 'be.csv', bytes: utf16(text, 'be') },
        { name: 'v.csv', bytes: windows1258(text.replace(/[\ud800-\udfff]/g, '')) },
        { name: 'ansi.csv', bytes: iconv.encode(text, 'latin1') },
      );
    }),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ name: 'random.csv', bytes: Buffer.from(bytes) })),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ name: 'random.xlsx', bytes: Buffer.from(bytes) })),
  fc.integer({ min: 900, max: 200_000 }).map((n) => ({ name: 'wide.csv', bytes: Buffer.from(`${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n1\n`) })),
  fc.integer({ min: 1, max: 4_000_000 }).map((n) => ({ name: 'long.csv', bytes: Buffer.from(`Họ và tên\n${'x'.repeat(n)}\n`) })),
  fc.tuple(fc.stringMatching(/^[A-Z]{1,8}$/), fc.integer({ min: 0, max: 2 ** 31 }), hostileString)
    .map(([column, row, value]) => ({ name: 'sparse.xlsx', bytes: sparseWorkbook([{ r: 1, cells: { A1: 'Họ và tên' } }, { r: Math.max(row, 2), cells: { [`${column}${row}`]: value } }]) })),
);
