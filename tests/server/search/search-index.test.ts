import { describe, expect, it } from 'vitest';
import { buildUnitIndex, searchUnits, splitPhrases, type UnitRow } from '../../../server/search/search-index.ts';
import { buildAddressPattern } from '../../../server/search/search.service.ts';

const box: [number, number, number, number] = [106, 10, 107, 11];
const ROWS: UnitRow[] = [
  { id: 1, code: 'SYN', name: 'Thành phố Mẫu', level: 'city', parentId: null, bbox: box },
  { id: 2, code: '770', name: 'Quận 3', level: 'district', parentId: 1, bbox: box },
  { id: 3, code: '771', name: 'Quận 7', level: 'district', parentId: 1, bbox: box },
  { id: 4, code: '27139', name: 'Phường 07', level: 'ward', parentId: 2, bbox: box },
  { id: 5, code: '27140', name: 'Phường 3', level: 'ward', parentId: 3, bbox: box },
  { id: 6, code: '27141', name: 'Phường 7', level: 'ward', parentId: 3, bbox: box },
  { id: 7, code: '26734', name: 'Phường Bến Thành', level: 'ward', parentId: 2, bbox: null },
  { id: 8, code: '26734-T002', name: 'Tổ dân phố 2', level: 'neighbourhood', parentId: 7, bbox: box },
  { id: 9, code: '27142', name: 'Phường 17', level: 'ward', parentId: 2, bbox: box },
];
const index = buildUnitIndex(ROWS);
const ids = (q: string) => searchUnits(index, q, 10).map((h) => h.id);

describe('unit search index', () => {
  it.each([
    ['phuong 7 quan 3', [4]],
    ['Phường 7, Quận 3', [4]],
    ['P7 Q3', [4]],
    ['PHUONG 07 QUAN 3', [4]],
    ['phuong 3 quan 7', [5]],
    ['ben thanh', [7]],
    ['Bến Thành', [7]],
    ['thanh', [7]],
    ['to dan pho 2 ben thanh', [8]],
    ['quận 3', [2]],
  ])('"%s" finds %j first', (query, expected) => {
    expect(ids(query).slice(0, expected.length)).toEqual(expected);
  });

  it('does not take "phuong 1" for "phuong 17"', () => {
    expect(ids('phuong 1')).not.toContain(9);
  });

  it('finds a unit by its exact code first', () => {
    expect(ids('26734-t002')[0]).toBe(8);
  });

  it('lists every ward named 7 when no district is given, wards before deeper units', () => {
    expect(ids('phuong 7').sort()).toEqual([4, 6]);
  });

  it('gives the path from the city and the bbox', () => {
    const [hit] = searchUnits(index, 'to dan pho 2', 1);
    expect(hit?.path.map((p) => p.name)).toEqual(['Thành phố Mẫu', 'Quận 3', 'Phường Bến Thành']);
    expect(hit?.bbox).toEqual(box);
  });

  it('answers nothing for an empty or unknown query', () => {
    expect(ids('   ')).toEqual([]);
    expect(ids('zzz')).toEqual([]);
  });

  it('splits a query into unit phrases at type words', () => {
    expect(splitPhrases('phuong 7 quan 3')).toEqual(['phuong 7', 'quan 3']);
    expect(splitPhrases('Tổ dân phố 2, P. Bến Thành')).toEqual(['to dan pho 2', 'p ben thanh']);
  });
});

describe('address pattern', () => {
  it.each([
    ['393 Gò Dầu', '%|393%|%go dau%'],
    ['439/4 Gò Dầu', '%|439/4%|%go dau%'],
    ['12a đường Lê Lợi', '%|12A%|%le loi%'],
    ['pasteur', '%|%|%pasteur%'],
    ['ab', null],
    ['', null],
    ['50% off', '%|%|%50 off%'], // a % typed by the user is folded away, never a wildcard
  ])('"%s" → %s', (query, expected) => {
    expect(buildAddressPattern(query)).toBe(expected);
  });
});

describe('unit search: residential group and quarter abbreviations', () => {
  const rows: UnitRow[] = [
    { id: 1, code: 'SYN', name: 'Thành phố Mẫu', level: 'city', parentId: null, bbox: box },
    { id: 2, code: '26734', name: 'Phường Bến Thành', level: 'ward', parentId: 1, bbox: box },
    { id: 3, code: '26734-T001', name: 'Tổ dân phố 1', level: 'neighbourhood', parentId: 2, bbox: box },
    { id: 4, code: '26734-T012', name: 'Tổ dân phố 12', level: 'neighbourhood', parentId: 2, bbox: box },
    { id: 5, code: '26737-K04', name: 'Khu phố 4', level: 'neighbourhood', parentId: 2, bbox: box },
    { id: 6, code: '26734-T001-B01', name: 'Khối 1', level: 'block', parentId: 3, bbox: box },
  ];
  const local = buildUnitIndex(rows);
  const found = (q: string) => searchUnits(local, q, 10).map((h) => h.id);

  it.each([
    ['tổ 1', 3], ['to 1', 3], ['TỔ 01', 3], ['tdp 1', 3], ['TDP1', 3], ['tdp.1', 3], ['tổ dân phố 1', 3], ['to 1 ben thanh', 3], ['tdp 12', 4],
    ['khu phố 4', 5], ['khu pho 4', 5], ['KP 4', 5], ['kp4', 5], ['KP.4', 5], ['kp 4 phuong ben thanh', 5],
    ['khối 1', 6], ['khoi 1 to 1', 6],
  ])('"%s" finds unit %i first', (query, id) => {
    expect(found(query)[0]).toBe(id);
  });

  it('keeps group numbers whole and types apart', () => {
    expect(found('tdp 1')).not.toContain(4);
    expect(found('kp 1')).toEqual([]);
    expect(found('to 4')).not.toContain(5);
  });
});
