// Spreadsheet cells that cannot run: text beginning with = + - @ (or a tab or
// carriage return) is prefixed with a single quote, so Excel, LibreOffice and
// Google Sheets show it as text instead of evaluating a formula (CSV/XLSX
// injection). Numbers are written as numbers and never prefixed.

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text made safe for a spreadsheet cell; numbers, booleans and null pass through. */
export function neutraliseCell<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: dates as ISO, arrays joined by spaces, formulas neutralised, quoted when needed. */
export function csvCell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(' ') : String(value ?? '');
  const safe = neutraliseCell(text);
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
