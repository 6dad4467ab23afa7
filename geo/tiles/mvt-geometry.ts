/**
 * Geometry commands of the Mapbox Vector Tile specification 2.1 (§4.3):
 * command integers, zigzag parameters, and polygon rings cleaned and wound
 * the way the spec requires. Input coordinates are tile units (0..extent,
 * y down, as ST_AsMVTGeom produces); they are rounded to integers here.
 */

/** MVT command ids (§4.3.1). */
export const MVT_COMMAND = { moveTo: 1, lineTo: 2, closePath: 7 } as const;

/** MVT geometry types (the GeomType enum of vector_tile.proto). */
export const MVT_GEOMETRY_TYPE = { unknown: 0, point: 1, lineString: 2, polygon: 3 } as const;

/** A position in tile units: [x, y], x right, y down. Fractions are rounded when encoded. */
export type TilePosition = readonly [number, number] | readonly number[];

/**
 * Zigzag-encodes a signed integer for a command parameter (§4.3.2):
 * 0 → 0, -1 → 1, 1 → 2, -2 → 3 … Valid for |n| < 2^31 (tile coordinates are far smaller).
 */
export function zigzag(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

/** A command integer (§4.3.1): the command id in the low 3 bits, the repeat count above. count ≥ 0, < 2^29. */
export function commandInteger(command: number, count: number): number {
  return ((command & 0x7) | (count << 3)) >>> 0;
}

/**
 * Twice the signed area of a closed ring by the surveyor's formula, in tile units².
 * Positive means clockwise as seen on screen (y down): an exterior ring per §4.3.4.4.
 * The ring may or may not repeat its first point at the end.
 */
export function ringDoubleArea(ring: ReadonlyArray<TilePosition>): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum;
}

/**
 * Rounds a ring to integer tile units, drops repeated consecutive points and the
 * closing point, and returns null when fewer than 3 distinct points or no area remain
 * (a ring that collapsed at this zoom: the spec forbids zero-area rings).
 */
export function cleanRing(ring: ReadonlyArray<TilePosition>): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  for (const position of ring) {
    const x = Math.round(position[0]!);
    const y = Math.round(position[1]!);
    const last = out[out.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    out.push([x, y]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  if (out.length < 3 || ringDoubleArea(out) === 0) return null;
  return out;
}

/** Appends MoveTo, LineTo… and ClosePath for one ring, moving the cursor. */
function pushRing(commands: number[], ring: Array<[number, number]>, cursor: [number, number]): void {
  ring.forEach(([x, y], i) => {
    if (i === 0) commands.push(commandInteger(MVT_COMMAND.moveTo, 1));
    else if (i === 1) commands.push(commandInteger(MVT_COMMAND.lineTo, ring.length - 1));
    commands.push(zigzag(x - cursor[0]), zigzag(y - cursor[1]));
    cursor[0] = x;
    cursor[1] = y;
  });
  commands.push(commandInteger(MVT_COMMAND.closePath, 1));
}

/**
 * Encodes polygons (each: exterior ring, then holes; GeoJSON Polygon/MultiPolygon
 * coordinates in tile units) as MVT polygon commands. Exterior rings are wound
 * clockwise on screen (positive area), holes counter-clockwise, whatever the input
 * winding. Collapsed rings are dropped; a polygon whose exterior collapsed is dropped
 * with its holes. Returns null when nothing is left.
 */
export function encodePolygonCommands(polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<TilePosition>>>): number[] | null {
  const commands: number[] = [];
  const cursor: [number, number] = [0, 0];
  for (const polygon of polygons) {
    const [exteriorRaw, ...holesRaw] = polygon;
    const exterior = exteriorRaw ? cleanRing(exteriorRaw) : null;
    if (!exterior) continue;
    if (ringDoubleArea(exterior) < 0) exterior.reverse();
    pushRing(commands, exterior, cursor);
    for (const holeRaw of holesRaw) {
      const hole = cleanRing(holeRaw);
      if (!hole) continue;
      if (ringDoubleArea(hole) > 0) hole.reverse();
      pushRing(commands, hole, cursor);
    }
  }
  return commands.length > 0 ? commands : null;
}

/**
 * Encodes points (tile units, rounded) as one MoveTo with a count (§4.3.4.2).
 * Points outside the buffer are the caller's business. Returns null for no points.
 */
export function encodePointCommands(points: ReadonlyArray<TilePosition>): number[] | null {
  if (points.length === 0) return null;
  const commands = [commandInteger(MVT_COMMAND.moveTo, points.length)];
  let cx = 0;
  let cy = 0;
  for (const position of points) {
    const x = Math.round(position[0]!);
    const y = Math.round(position[1]!);
    commands.push(zigzag(x - cx), zigzag(y - cy));
    cx = x;
    cy = y;
  }
  return commands;
}
