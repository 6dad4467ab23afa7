// "Export this view": the map as the screen shows it (MapLibre's canvas,
// made with preserveDrawingBuffer, and deck.gl's labels on top), with a
// title, the date, the level and rule set, the legend and a scale bar drawn
// onto one canvas. The same picture is what the browser prints.

export interface ExportLegendRow {
  label: string;
  colour: string;
  hatched: boolean;
}

export interface ExportViewInput {
  /** Canvases over one another, bottom first (the map, then deck.gl); all the same CSS size. */
  layers: readonly HTMLCanvasElement[];
  /** CSS size of the map. */
  width: number;
  height: number;
  title: string;
  lines: readonly string[];
  legend: readonly ExportLegendRow[];
  /** Metres one CSS pixel covers at the map's centre. */
  metresPerPixel: number;
}

/** Earth's circumference at the equator (m), as MapLibre's Web Mercator uses. */
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/** Metres per CSS pixel at a latitude and zoom (512 px tiles, as MapLibre). */
export function computeMetresPerPixel(latitude: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** The longest round length (1, 2 or 5 × 10ⁿ m) that fits in `maxPixels`, its width in pixels and its label ("500 m", "2 km"). */
export function pickScaleBar(metresPerPixel: number, maxPixels: number): { metres: number; pixels: number; label: string } {
  const maxMetres = metresPerPixel * maxPixels;
  if (!(maxMetres > 0) || !Number.isFinite(maxMetres)) return { metres: 0, pixels: 0, label: '' };
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const step = [5, 2, 1].find((s) => s * power <= maxMetres) ?? 1;
  const metres = step * power;
  const label = metres >= 1000 ? `${metres / 1000} km` : metres >= 1 ? `${metres} m` : `${Math.round(metres * 100)} cm`;
  return { metres, pixels: metres / metresPerPixel, label };
}

function drawBox(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = 'rgba(255,255,255,0.94)';
  ctx.strokeStyle = '#9aa5b1';
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, w, h);
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
}

function drawHatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = 'rgba(40,40,40,0.85)';
  ctx.lineWidth = 1.5;
  for (let d = -h; d < w; d += 5) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
    ctx.stroke();
  }
  ctx.restore();
}

/** Draws the view onto a new canvas at the device's pixel ratio. */
export function composeViewCanvas(input: ExportViewInput, pixelRatio = window.devicePixelRatio || 1): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(input.width * pixelRatio);
  canvas.height = Math.round(input.height * pixelRatio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#eef2f5';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const layer of input.layers) ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
  ctx.scale(pixelRatio, pixelRatio);
  const font = 'system-ui, "Noto Sans", "DejaVu Sans", sans-serif';
  ctx.textBaseline = 'top';

  // Title, date, level and rule set: top left.
  ctx.font = `600 16px ${font}`;
  const headWidth = Math.max(ctx.measureText(input.title).width, ...input.lines.map((l) => { ctx.font = `13px ${font}`; return ctx.measureText(l).width; })) + 20;
  drawBox(ctx, 10, 10, headWidth, 30 + input.lines.length * 18);
  ctx.fillStyle = '#1f2933';
  ctx.font = `600 16px ${font}`;
  ctx.fillText(input.title, 20, 18);
  ctx.font = `13px ${font}`;
  input.lines.forEach((line, i) => ctx.fillText(line, 20, 40 + i * 18));

  // Legend: bottom left.
  const rowHeight = 20;
  ctx.font = `13px ${font}`;
  const legendWidth = Math.min(input.width * 0.6, Math.max(120, ...input.legend.map((r) => ctx.measureText(r.label).width)) + 50);
  const legendHeight = input.legend.length * rowHeight + 16;
  const legendTop = input.height - legendHeight - 10;
  drawBox(ctx, 10, legendTop, legendWidth, legendHeight);
  input.legend.forEach((row, i) => {
    const y = legendTop + 8 + i * rowHeight;
    ctx.fillStyle = row.colour;
    ctx.fillRect(20, y + 2, 22, 14);
    if (row.hatched) drawHatch(ctx, 20, y + 2, 22, 14);
    ctx.strokeStyle = '#3e4c59';
    ctx.strokeRect(20.5, y + 2.5, 21, 13);
    ctx.fillStyle = '#1f2933';
    ctx.fillText(row.label, 50, y + 2, legendWidth - 56);
  });

  // Scale bar: bottom right.
  const scale = pickScaleBar(input.metresPerPixel, 120);
  if (scale.pixels > 0) {
    const x = input.width - scale.pixels - 30;
    const y = input.height - 40;
    drawBox(ctx, x - 10, y - 8, scale.pixels + 20, 32);
    ctx.strokeStyle = '#1f2933';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x, y + 8);
    ctx.lineTo(x + scale.pixels, y + 8);
    ctx.lineTo(x + scale.pixels, y);
    ctx.stroke();
    ctx.fillStyle = '#1f2933';
    ctx.font = `12px ${font}`;
    ctx.fillText(scale.label, x + 2, y + 10);
  }
  return canvas;
}
