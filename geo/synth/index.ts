/**
 * Synthetic geography and population (issue 3): a synthetic city's
 * districts and wards, households and people per unit, and subdivision of a
 * ward into residential groups and blocks. See README.md for conventions.
 */
export { generateSyntheticCity, type SyntheticCity, type SyntheticCityOptions, type SyntheticUnit } from './city.ts';
export {
  computeAgeYears, expandPyramidToSingleYears, HCMC_2019_PYRAMID, parseIsoDate, sampleAgeYears, sampleBirthDate,
  sampleBirthDateForAge, splitPopulationByAge, type AgeBand, type AgeSplit,
} from './age-pyramid.ts';
export { apportionLargestRemainder } from './apportion.ts';
export { formatAddress, formatHouseNumber, STREET_NAMES, type AddressParts } from './addresses.ts';
export { measureCoverage, pointsOutside, type CellWithMembers, type CoverageReport, type PointOutside } from './coverage.ts';
export { generateHouseholdMembers } from './household-members.ts';
export {
  generateHouseholds, HOUSEHOLD_SIZE_SHARES, sampleHouseholdSize, type HouseholdOptions, type SyntheticHousehold,
} from './households.ts';
export {
  computeCenturySexDigit, generateNationalId, generatePhone, HCMC_PROVINCE_CODE, MIGRANT_PROVINCE_CODES,
  MOBILE_PREFIXES, sampleBirthProvinceCode,
} from './identity.ts';
export {
  composeFullName, FAMILY_NAME_SHARES, GIVEN_NAMES, MIDDLE_NAMES, sampleFamilyName, sampleGivenName,
  sampleMiddleName, type Sex,
} from './names.ts';
export { generatePerson, type HouseholdContext, type HouseholdRole, type PersonOptions, type SyntheticPerson } from './person.ts';
export { computePlanarAreaM2 } from './planar.ts';
export { BLOCK_OPTIONS, GROUP_OPTIONS, subdivideUnit, type SubdivisionCell, type SubdivisionOptions } from './subdivide.ts';
export {
  formatBlockCode, formatBlockName, formatGroupCode, formatGroupName, formatSyntheticDistrictCode,
  formatSyntheticWardCode,
} from './unit-codes.ts';
