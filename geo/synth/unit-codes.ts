/**
 * Codes and names of synthetic and generated units.
 *
 * - Synthetic districts: `S` + 3 digits (`S001`), synthetic wards: `S` + 5
 *   digits (`S00001`). Real GSO codes are all digits (districts 3, wards 5),
 *   so the `S` marks a unit as synthetic and can never collide with one.
 * - Residential groups (tổ dân phố) below any ward, real or synthetic:
 *   `<wardCode>-T001` (3 digits), named `Tổ dân phố 1`.
 * - Blocks (khối) below a group: `<groupCode>-B01` (2 digits), named `Khối 1`.
 * Numbers start at 1 and follow the order `subdivideUnit` returns (reading
 * order). Wider numbers are written in full (`-T1000`).
 */

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`unit index must be a non-negative integer: ${index}`);
}

/** Code of the synthetic district at 0-based `index` (`S001` for 0). */
export function formatSyntheticDistrictCode(index: number): string {
  checkIndex(index);
  return `S${pad(index + 1, 3)}`;
}

/** Code of the synthetic ward at 0-based city-wide `index` (`S00001` for 0). */
export function formatSyntheticWardCode(index: number): string {
  checkIndex(index);
  return `S${pad(index + 1, 5)}`;
}

/** Code of a ward's residential group at 0-based `index`: `26734-T001`. */
export function formatGroupCode(wardCode: string, index: number): string {
  checkIndex(index);
  return `${wardCode}-T${pad(index + 1, 3)}`;
}

/** Code of a group's block at 0-based `index`: `26734-T001-B01`. */
export function formatBlockCode(groupCode: string, index: number): string {
  checkIndex(index);
  return `${groupCode}-B${pad(index + 1, 2)}`;
}

/** Display name of the residential group at 0-based `index`: `Tổ dân phố 1`. */
export function formatGroupName(index: number): string {
  checkIndex(index);
  return `Tổ dân phố ${index + 1}`;
}

/** Display name of the block at 0-based `index`: `Khối 1`. */
export function formatBlockName(index: number): string {
  checkIndex(index);
  return `Khối ${index + 1}`;
}
