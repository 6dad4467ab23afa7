/**
 * The pure risk engine: indicators from daily rollups, risk models as JSON
 * rule sets, validation, evaluation with reasons, roll-up of child tiers and
 * household flags. See README.md in this folder for the rule-set document.
 */
export * from './bands.ts';
export * from './case-definition.ts';
export * from './conditions.ts';
export * from './data-problems.ts';
export * from './dates.ts';
export * from './evaluate.ts';
export * from './households.ts';
export * from './indicator-catalog.ts';
export * from './indicators.ts';
export * from './risk-result.ts';
export * from './roll-up.ts';
export * from './rule-set-schema.ts';
export * from './rule-sets.ts';
export * from './vaccine-intervals.ts';
export * from './validate.ts';
export * from './disclosure.ts';
export * from './view-profiles.ts';
