/**
 * Resolves district and ward names to codes against a gazetteer passed in
 * by the caller (nothing is hard-coded but the 2021 Thủ Đức merger rule),
 * and builds the household address key.
 */
import { deepFreeze, DEFAULT_MEMO_ENTRIES, memoiseText } from './memo.ts';
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { foldKey } from './text.ts';

/** One administrative unit of the gazetteer. */
export interface GazetteerUnit {
  /** GSO code: 3 digits for districts ("769"), 5 for wards ("26734"). */
  code: string;
  /** Official name with its type word: "Quận 1", "Thành phố Thủ Đức", "Phường 07", "Xã An Phú". */
  name: string;
  level: 'district' | 'ward';
  /** District code of a ward; null (or anything) for a district. */
  parentCode: string | null;
}

/** A unit name reduced for matching: its type word and its key. */
export interface UnitKey {
  /** 'quan', 'huyen', 'thanh pho', 'thi xa', 'phuong', 'xa', 'thi tran' or null when unstated. */
  type: string | null;
  /** Accent-free lower case without the type word; numbers without leading zeros: "7", "ben thanh", "thu duc". */
  key: string;
}

/** Lookup tables built once from a gazetteer by indexGazetteer. */
export interface GazetteerIndex {
  districtsByKey: ReadonlyMap<string, readonly GazetteerUnit[]>;
  wardsByKey: ReadonlyMap<string, readonly GazetteerUnit[]>;
}

/** Resolved codes (null when that level was not given). */
export interface ResolvedUnits {
  districtCode: string | null;
  wardCode: string | null;
}

/** Type words on foldKey text (dots already spaces): full word or abbreviation, then a space or a digit. */
const TYPES: readonly [RegExp, string][] = [
  [/^(thanh pho|tp) (?=\D)/, 'thanh pho'],
  [/^(thi xa|tx) /, 'thi xa'],
  [/^(thi tran|tt) /, 'thi tran'],
  [/^(quan|q) ?(?=\d)|^(quan|q) /, 'quan'],
  [/^(huyen|h) /, 'huyen'],
  [/^(phuong|ph|p|f) ?(?=\d)|^(phuong|ph|p|f) /, 'phuong'],
  [/^(xa|x) /, 'xa'],
];

/**
 * Reduces a unit name to its type and key. Accepts full and abbreviated
 * type words (Phường/P./P/F./Ph., Quận/Q./Q, Huyện/H., Thị xã/TX, Thị
 * trấn/TT, Thành phố/TP), any case, with or without diacritics.
 * "Phường 07" → { type: 'phuong', key: '7' }; "P7" likewise; "Thu Duc" →
 * { type: null, key: 'thu duc' }. Results are shared between equal inputs and frozen.
 */
export function buildUnitKey(name: string): UnitKey {
  return buildUnitKeyOnce(name);
}

const buildUnitKeyOnce = memoiseText(buildUnitKeyText);

function buildUnitKeyText(name: string): UnitKey {
  const folded = foldKey(name);
  for (const [pattern, type] of TYPES) {
    const m = pattern.exec(folded);
    if (m && folded.length > m[0].length) return { type, key: normaliseKey(folded.slice(m[0].length)) };
  }
  return { type: null, key: normaliseKey(folded) };
}

function normaliseKey(key: string): string {
  return key.trim().replace(/\b0+(?=\d)/g, '');
}

/** Builds the lookup index; call once per gazetteer. */
export function indexGazetteer(units: readonly GazetteerUnit[]): GazetteerIndex {
  const districtsByKey = new Map<string, GazetteerUnit[]>();
  const wardsByKey = new Map<string, GazetteerUnit[]>();
  for (const unit of units) {
    const map = unit.level === 'district' ? districtsByKey : wardsByKey;
    const { key } = buildUnitKey(unit.name);
    map.set(key, [...(map.get(key) ?? []), unit]);
  }
  return { districtsByKey, wardsByKey };
}

/** Old district names merged into Thành phố Thủ Đức on 1 January 2021 (keys). */
const THU_DUC_PREDECESSORS = new Set(['2', '9', 'thu duc']);

function resolveDistrict(name: string, index: GazetteerIndex, flags: RepairFlag[]): GazetteerUnit | null {
  const { type, key } = buildUnitKey(name);
  const found = index.districtsByKey.get(key) ?? [];
  const exact = found.find((u) => type === null || buildUnitKey(u.name).type === type) ?? found[0];
  if (exact !== undefined && !(key === 'thu duc' && type === 'quan')) return exact;
  if (THU_DUC_PREDECESSORS.has(key) && (type === null || type === 'quan')) {
    const merged = index.districtsByKey.get('thu duc')?.[0];
    if (merged !== undefined) {
      flags.push('DISTRICT_MERGED_2021');
      return merged;
    }
  }
  return exact ?? null;
}

/**
 * Resolves a district and/or ward name to gazetteer codes. The district is
 * matched by key; "Quận 2", "Quận 9", "Quận Thủ Đức", "Q.2" map to the
 * gazetteer's Thành phố Thủ Đức (flag DISTRICT_MERGED_2021) unless the
 * gazetteer still lists them. A ward is looked up inside its district;
 * without a district a unique ward name gives both codes (flag
 * DISTRICT_INFERRED_FROM_WARD), a shared one ("Phường 7") is
 * WARD_AMBIGUOUS. Unknown names → DISTRICT_UNKNOWN / WARD_UNKNOWN.
 * Results are remembered per index and (district, ward) pair, and frozen.
 */
export function resolveAdministrativeUnits(
  names: { district?: string | null; ward?: string | null },
  index: GazetteerIndex,
): NormaliseResult<ResolvedUnits> {
  let remembered = resolvedByIndex.get(index);
  if (remembered === undefined) resolvedByIndex.set(index, (remembered = new Map()));
  // Empty and absent names mean the same below, so they share a key.
  const key = `${names.district || ''}\u0000${names.ward || ''}`;
  let result = remembered.get(key);
  if (result === undefined) {
    result = deepFreeze(resolveUnits(names, index));
    if (remembered.size >= DEFAULT_MEMO_ENTRIES) remembered.clear();
    remembered.set(key, result);
  }
  return result;
}

const resolvedByIndex = new WeakMap<GazetteerIndex, Map<string, NormaliseResult<ResolvedUnits>>>();

function resolveUnits(
  names: { district?: string | null; ward?: string | null },
  index: GazetteerIndex,
): NormaliseResult<ResolvedUnits> {
  const flags: RepairFlag[] = [];
  let district: GazetteerUnit | null = null;
  if (names.district) {
    district = resolveDistrict(names.district, index, flags);
    if (district === null) return fail('DISTRICT_UNKNOWN', `"${names.district.slice(0, 60)}" is not a district of the gazetteer.`);
  }
  if (!names.ward) return succeed({ districtCode: district?.code ?? null, wardCode: null }, flags);
  const { type, key } = buildUnitKey(names.ward);
  let wards = index.wardsByKey.get(key) ?? [];
  if (district !== null) wards = wards.filter((w) => w.parentCode === district?.code);
  if (wards.length > 1 && type !== null) {
    const typed = wards.filter((w) => buildUnitKey(w.name).type === type);
    if (typed.length > 0) wards = typed;
  }
  const where = district ? ` in ${district.name}` : '';
  if (wards.length === 0) return fail('WARD_UNKNOWN', `"${names.ward.slice(0, 60)}" is not a ward${where}.`);
  const ward = wards[0];
  if (wards.length > 1 || ward === undefined) {
    return fail('WARD_AMBIGUOUS', `"${names.ward.slice(0, 60)}" matches ${wards.length} wards; give the district.`, {
      candidates: wards.map((w) => w.code),
    });
  }
  if (district === null) flags.push('DISTRICT_INFERRED_FROM_WARD');
  return succeed({ districtCode: district?.code ?? ward.parentCode, wardCode: ward.code }, flags);
}

/**
 * The household matching key: ward code, house number and street, e.g.
 * "26743|123/3/5B|le loi". House number upper-case without spaces; street
 * accent-free lower case without a leading "đường". Null when any of the
 * three is missing, because a partial key would merge different homes.
 */
export function buildAddressKey(parts: { houseNumber: string | null; street: string | null; wardCode: string | null }): string | null {
  if (!parts.houseNumber || !parts.street || !parts.wardCode) return null;
  const house = parts.houseNumber.toUpperCase().replace(/\s+/g, '');
  const street = foldKey(parts.street).replace(/^(duong|d) /, '');
  return street === '' ? null : `${parts.wardCode}|${house}|${street}`;
}
