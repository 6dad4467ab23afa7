// One populated ward as COPY rows (CSV lines) for unit, household and person,
// with ids from the running counters. Pure apart from the ID hash key: the
// seed runs it inline or in its worker threads (seed.worker.ts).
import type { PopulatedWard } from '../../geo/populate-ward.ts';
import { toMultiPolygonEwkt, toPointEwkt } from '../../geo/wkt.ts';
import { buildAddressKey } from '../../geo/normalise/address-units.ts';
import { buildNameLinkageKey } from '../../geo/normalise/names.ts';
import { csvLine } from '../db/csv.ts';
import { hashNationalIdForCopy } from '../identity/national-id-hash.ts';
import type { WardRow } from './seed.repo.ts';

export interface Counters {
  unitId: number;
  householdId: number;
  personId: number;
}

/** CSV rows for one populated ward; advances the id counters. */
export function buildWardRows(ward: WardRow, populated: PopulatedWard, ids: Counters, idHashKey: string) {
  const units: string[] = [];
  const groupIds = populated.groups.map((group) => {
    const id = ++ids.unitId;
    units.push(csvLine([id, group.code, 'neighbourhood', group.name, ward.id, ward.district_id, group.population, group.age18plus, group.age50plus, group.age65plus, true, toMultiPolygonEwkt(group.geometry)]));
    return id;
  });
  const blockIds = populated.blocks.map((block) => {
    const id = ++ids.unitId;
    units.push(csvLine([id, block.code, 'block', block.name, groupIds[block.group], ward.district_id, block.population, block.age18plus, block.age50plus, block.age65plus, true, toMultiPolygonEwkt(block.geometry)]));
    return id;
  });
  const households: string[] = [];
  const people: string[] = [];
  for (const household of populated.households) {
    const householdId = ++ids.householdId;
    const addressKey = buildAddressKey({ houseNumber: household.houseNumber, street: household.street, wardCode: ward.code }) ?? '';
    const blockId = household.block === null ? null : blockIds[household.block];
    households.push(csvLine([ward.district_id, householdId, ward.id, blockId, household.address, addressKey, household.members.length, toPointEwkt(household.position)]));
    for (const person of household.members) {
      people.push(csvLine([
        ward.district_id, ++ids.personId, householdId, person.fullName, buildNameLinkageKey(person.fullName), person.birthDate, person.sex, person.phone,
        person.nationalId ? hashNationalIdForCopy(idHashKey, person.nationalId) : null, person.nationalId ? 'cccd' : null,
      ]));
    }
  }
  return { units, households, people };
}


/** How far a ward moves the id counters (what buildWardRows will take). */
export function idsUsedBy(populated: PopulatedWard): Counters {
  return {
    unitId: populated.groups.length + populated.blocks.length,
    householdId: populated.households.length,
    personId: populated.households.reduce((n, h) => n + h.members.length, 0),
  };
}
