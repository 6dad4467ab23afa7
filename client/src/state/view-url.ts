// The view a link shares: unit, date, rule set, language, zoom and centre,
// as query parameters. Pure parse/format; unknown or malformed values are
// reported, never thrown, so a bad link shows a message instead of a blank page.
import type { Language } from '../i18n/messages.ts';

export interface UrlView {
  unitId: number | null;
  date: string | null;
  ruleSet: string | null;
  /** A view profile other than the default (each level graded by its own rule set); ignored when ruleSet is set. */
  viewProfile?: string | null;
  language: Language | null;
  zoom: number | null;
  center: [number, number] | null;
}

export interface ParsedView {
  view: UrlView;
  /** Parameters present but unusable, by name. */
  problems: { param: string; value: string }[];
}

function isRealDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

export function parseViewUrl(search: string): ParsedView {
  const params = new URLSearchParams(search);
  const problems: ParsedView['problems'] = [];
  const read = <T>(name: string, parse: (raw: string) => T | null): T | null => {
    const raw = params.get(name);
    if (raw === null || raw === '') return null;
    const value = parse(raw);
    if (value === null) problems.push({ param: name, value: raw });
    return value;
  };
  const view: UrlView = {
    unitId: read('unit', (raw) => (/^\d{1,10}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null)),
    date: read('date', (raw) => (isRealDate(raw) ? raw : null)),
    ruleSet: read('rs', (raw) => (/^[a-z0-9._-]{1,64}$/i.test(raw) ? raw : null)),
    language: read('lang', (raw) => (raw === 'vi' || raw === 'en' ? raw : null)),
    zoom: read('z', (raw) => (Number.isFinite(Number(raw)) && Number(raw) >= 0 && Number(raw) <= 22 ? Number(raw) : null)),
    center: read('c', (raw) => {
      const [lng, lat] = raw.split(',').map(Number);
      return lng !== undefined && lat !== undefined && Math.abs(lng) <= 180 && Math.abs(lat) <= 85 ? [lng, lat] : null;
    }),
  };
  const viewProfile = read('vp', (raw) => (/^[a-z0-9._-]{1,64}$/i.test(raw) ? raw : null));
  return { view: viewProfile === null ? view : { ...view, viewProfile }, problems };
}

/** The query string of a view (without "?"), stable in order, numbers rounded to what a screen can show. */
export function formatViewUrl(view: UrlView): string {
  const params = new URLSearchParams();
  if (view.unitId !== null) params.set('unit', String(view.unitId));
  if (view.date) params.set('date', view.date);
  if (view.ruleSet) params.set('rs', view.ruleSet);
  else if (view.viewProfile) params.set('vp', view.viewProfile);
  if (view.language) params.set('lang', view.language);
  if (view.zoom !== null) params.set('z', view.zoom.toFixed(2));
  if (view.center) params.set('c', `${view.center[0].toFixed(5)},${view.center[1].toFixed(5)}`);
  return params.toString();
}
