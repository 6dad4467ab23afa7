// GeoJSON: a FeatureCollection of the zone's units, geometry from PostGIS
// (ST_AsGeoJSON), properties = tier, tier label, colour and every indicator.
import type { ReportData } from './report-data.service.ts';

export function writeReportGeoJson(data: ReportData): Buffer {
  const features = data.units.map((u) => ({
    type: 'Feature' as const,
    id: u.id,
    geometry: u.geometry ? JSON.parse(u.geometry) : null,
    properties: {
      id: u.id, code: u.code, name: u.name, level: u.level, population: u.population,
      date: data.date, ruleSet: data.ruleSet.id, ruleSetVersion: data.ruleSet.version,
      tier: u.tier.id, tierLabel: u.tier.label, colour: u.tier.colour, insufficientData: u.tier.insufficientData,
      communityCases14d: u.counts.communityCases14d, cases7d: u.counts.cases7d, ...u.indicators, ...u.standing, lastDataDay: u.lastDataDay, suppressed: u.suppressed,
    },
  }));
  const collection = {
    type: 'FeatureCollection', name: data.zone.name,
    riskmap: { zoneId: data.zone.id, from: data.from, to: data.date, ruleSet: data.ruleSet, generatedAt: data.freshness.generatedAt, suppression: data.suppression },
    features,
  };
  return Buffer.from(JSON.stringify(collection), 'utf8');
}
