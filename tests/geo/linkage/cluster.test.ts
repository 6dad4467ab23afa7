import { describe, expect, it } from 'vitest';
import { clusterRecords } from '../../../geo/linkage/cluster.ts';
import type { LinkagePerson } from '../../../geo/linkage/score.ts';

const an: LinkagePerson = { nameKey: 'nguyen van an', givenName: 'an', familyName: 'nguyen', birthDate: '1980-03-04', sex: 'M', phone: '+84901234567', idHash: 'h1', addressKey: '26734|12|le loi' };
const binh: LinkagePerson = { nameKey: 'tran thi binh', givenName: 'binh', familyName: 'tran', birthDate: '1975-11-20', sex: 'F', phone: '+84912345678', idHash: null, addressKey: '26734|40|le loi' };

describe('clusterRecords', () => {
  it.each([
    ['no records', [], []],
    ['one record', [an], [0]],
    ['dose 2 without an ID joins dose 1 with it', [an, { ...an, idHash: null }], [0, 0]],
    ['a record without phone and address still joins on name and birth date', [{ ...an, idHash: null }, { ...an, phone: null, addressKey: null }], [0, 0]],
    ['two different people stay apart', [an, binh], [0, 1]],
    ['same name and birth year, other birth date, phone and address: apart', [an, { ...an, idHash: null, birthDate: '1980-09-30', phone: '+84987654321', addressKey: '26734|99|hai ba trung' }], [0, 1]],
    ['a record joins the cluster of its first record, wherever it sits', [binh, an, { ...binh, idHash: null, phone: null }, { ...an, idHash: null }], [0, 1, 0, 1]],
  ])('%s', (_, records, expected) => {
    expect(clusterRecords(records)).toEqual(expected);
  });

  it('never merges two different ID hashes through a chain of near matches', () => {
    // b matches a and c on name, birth date and phone; a and c carry different IDs: b joins one of them, not both.
    const a = { ...an, idHash: 'h1' };
    const b = { ...an, idHash: null };
    const c = { ...an, idHash: 'h2' };
    const clusters = clusterRecords([a, b, c]);
    expect(clusters[0]).not.toBe(clusters[2]);
    expect([clusters[0], clusters[2]]).toContain(clusters[1]);
  });
});
