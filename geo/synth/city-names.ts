/**
 * Names for synthetic districts and wards, in the style of Ho Chi Minh City:
 * numbered urban districts near the centre, named urban districts further
 * out, rural districts (huyện) at the edge; numbered and named wards
 * (phường) in urban districts, communes (xã) and one township (thị trấn) in
 * rural ones. Names are unique within the city (districts) and within a
 * district (wards). NFC.
 */
import type { Random } from '../random.ts';

/** Names used for named urban districts (after `Quận `). */
export const URBAN_DISTRICT_NAMES: readonly string[] = [
  'Bình Thạnh', 'Phú Nhuận', 'Gò Vấp', 'Tân Bình', 'Tân Phú', 'Bình Tân', 'Thủ Đức', 'An Khánh', 'Phước Long',
];
/** Names used for rural districts (after `Huyện `). */
export const RURAL_DISTRICT_NAMES: readonly string[] = [
  'Củ Chi', 'Hóc Môn', 'Bình Chánh', 'Nhà Bè', 'Cần Giờ', 'Long Thới', 'Tân Thông', 'Phước Hiệp',
];
/** Names for named wards and communes. */
export const PLACE_NAMES: readonly string[] = [
  'Bến Nghé', 'Bến Thành', 'Đa Kao', 'Tân Định', 'Cầu Kho', 'Cô Giang', 'Nguyễn Cư Trinh', 'Phạm Ngũ Lão',
  'Thảo Điền', 'An Phú', 'Bình Trưng Đông', 'Tân Phong', 'Tân Hưng', 'Phú Mỹ', 'Hiệp Bình Chánh', 'Linh Trung',
  'Tân Sơn Nhì', 'Sơn Kỳ', 'Hiệp Tân', 'Phú Thạnh', 'Bình Hưng Hòa', 'An Lạc', 'Tân Tạo', 'Thạnh Lộc',
  'Đông Hưng Thuận', 'Trung Mỹ Tây', 'Tân Chánh Hiệp', 'Phước Kiển', 'Long Thới', 'Hiệp Phước', 'Tân Nhựt',
  'Vĩnh Lộc', 'Lê Minh Xuân', 'Phạm Văn Hai', 'Xuân Thới Sơn', 'Bà Điểm', 'Tân Xuân', 'Nhuận Đức',
  'Phú Hòa Đông', 'Trung An', 'Tân Thạnh Đông', 'Bình Khánh', 'Lý Nhơn', 'Thạnh An', 'Long Hòa', 'An Thới Đông',
];

/** Kind of a synthetic district, which decides its prefix and its wards' prefixes. */
export type DistrictKind = 'urban-numbered' | 'urban-named' | 'rural';

/**
 * Kinds for `count` districts ordered from the centre outwards: the inner
 * 55% numbered, the outer 20% (at least one when count >= 4) rural, the
 * rest named urban.
 */
export function planDistrictKinds(count: number): DistrictKind[] {
  const rural = count >= 4 ? Math.max(1, Math.round(count * 0.2)) : 0;
  const numbered = Math.max(1, Math.round(count * 0.55));
  return Array.from({ length: count }, (_, i) =>
    i < numbered ? 'urban-numbered' : i >= count - rural ? 'rural' : 'urban-named');
}

/** Display names (`Quận 1`, `Quận Bình Thạnh`, `Huyện Củ Chi`) for districts of the given kinds, in order. */
export function nameDistricts(kinds: readonly DistrictKind[]): string[] {
  let numbered = 0, urban = 0, rural = 0;
  return kinds.map((kind) => {
    if (kind === 'urban-numbered') return `Quận ${++numbered}`;
    if (kind === 'urban-named') {
      const name = URBAN_DISTRICT_NAMES[urban++];
      return name ? `Quận ${name}` : `Quận ${numbered + urban}`;
    }
    const name = RURAL_DISTRICT_NAMES[rural++];
    return name ? `Huyện ${name}` : `Huyện ${rural}`;
  });
}

/**
 * Names for `count` wards of one district. Numbered districts: `Phường 1…`
 * with about a quarter named; named urban districts: about half named;
 * rural: the first ward is a township (`Thị trấn X`), the others communes
 * (`Xã X`). Named wards draw from `PLACE_NAMES` (numbered when it runs out).
 */
export function nameWards(rng: Random, kind: DistrictKind, count: number): string[] {
  const pool = PLACE_NAMES.slice();
  const takePlace = (): string | null => (pool.length > 0 ? (pool.splice(rng.int(0, pool.length - 1), 1)[0] as string) : null);
  let number = 0;
  const numberedName = (): string => `Phường ${++number}`;
  return Array.from({ length: count }, (_, i) => {
    if (kind === 'rural') {
      const place = takePlace();
      if (!place) return `Xã ${i + 1}`;
      return i === 0 ? `Thị trấn ${place}` : `Xã ${place}`;
    }
    const namedShare = kind === 'urban-numbered' ? 0.25 : 0.5;
    if (rng.next() < namedShare) {
      const place = takePlace();
      if (place) return `Phường ${place}`;
    }
    return numberedName();
  });
}
