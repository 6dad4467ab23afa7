/**
 * Shape check of a rule-set document against RuleSetSchema, turned into plain
 * problems with a path. Checked field by field (and array item by array item)
 * so one bad field does not hide the others; union branches that were not
 * meant (their `mode`/`kind` differs) are not reported.
 */
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { RuleSetSchema } from './rule-set-schema.ts';

/** One problem in a rule-set document: a JSON-pointer-like path (`/indicators/0/bands/1`) and a plain message. */
export interface RuleSetProblem {
  path: string;
  message: string;
}

interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

const DISCRIMINATORS = ['mode', 'kind'];

/** Drops errors from union branches whose discriminator (`mode`/`kind`) does not match the value. */
function dropUnmeantBranches(errors: readonly SchemaError[]): SchemaError[] {
  const unmeant: { branch: string; instance: string }[] = [];
  for (const e of errors) {
    const field = e.instancePath.split('/').pop() ?? '';
    const match = /^(.*\/anyOf\/\d+)\/properties\/(\w+)$/.exec(e.schemaPath);
    if (e.keyword === 'const' && match && DISCRIMINATORS.includes(field) && match[2] === field) {
      unmeant.push({ branch: match[1] ?? '', instance: e.instancePath.slice(0, -(field.length + 1)) });
    }
  }
  return errors.filter((e) => !unmeant.some((u) =>
    (e.schemaPath === u.branch || e.schemaPath.startsWith(`${u.branch}/`)) &&
    (e.instancePath === u.instance || e.instancePath.startsWith(`${u.instance}/`))));
}

function describe(e: SchemaError, value: unknown): string {
  const params = e.params;
  switch (e.keyword) {
    case 'required':
      return `missing field(s): ${String(params['requiredProperties'] ?? '')}`;
    case 'additionalProperties':
      return `unknown field(s): ${String(params['additionalProperties'] ?? '')}`;
    case 'enum':
      if ((params['allowedValues'] as unknown[] | undefined)?.includes('casesPer100kPerWeek')) {
        return `unknown indicator ${JSON.stringify(value)}`;
      }
      return `${JSON.stringify(value)} is not one of: ${(params['allowedValues'] as unknown[] | undefined)?.join(', ') ?? ''}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'anyOf':
      return 'does not match any allowed form';
    default:
      return e.message;
  }
}

function pointerGet(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

type Branch = TSchema & { properties?: Record<string, { const?: unknown }> };

/**
 * For a union discriminated by `mode` or `kind`, the branch the value names
 * (so only its errors are reported), or a problem naming the allowed values.
 */
function narrowUnion(schema: TSchema, value: unknown, basePath: string): TSchema | RuleSetProblem {
  const branches = (schema as { anyOf?: Branch[] }).anyOf;
  if (!branches || value === null || typeof value !== 'object') return schema;
  for (const key of DISCRIMINATORS) {
    const consts = branches.map((b) => b.properties?.[key]?.const);
    if (consts.some((c) => c === undefined)) continue;
    const given = (value as Record<string, unknown>)[key];
    const index = consts.indexOf(given);
    if (index >= 0) return branches[index] as TSchema;
    return { path: `${basePath}/${key}`, message: `${JSON.stringify(given)} is not one of: ${consts.join(', ')}` };
  }
  return schema;
}

function checkPart(unionSchema: TSchema, value: unknown, basePath: string): RuleSetProblem[] {
  const schema = narrowUnion(unionSchema, value, basePath);
  if ('path' in schema && 'message' in schema) return [schema as RuleSetProblem];
  if (Value.Check(schema, value)) return [];
  const errors = dropUnmeantBranches(Value.Errors(schema, value) as unknown as SchemaError[])
    .filter((e) => e.keyword !== 'boolean');
  const seen = new Set<string>();
  const problems: RuleSetProblem[] = [];
  for (const e of errors) {
    const problem = { path: `${basePath}${e.instancePath}` || '/', message: describe(e, pointerGet(value, e.instancePath)) };
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems.length > 0 ? problems : [{ path: basePath || '/', message: 'does not match the rule-set schema' }];
}

/**
 * Checks the document's shape. Returns [] when it matches RuleSetSchema.
 * Each top-level field, and each item of a top-level array, is checked on
 * its own (TypeBox reports at most 8 errors per check).
 */
export function checkRuleSetStructure(doc: unknown): RuleSetProblem[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return [{ path: '/', message: 'a rule set must be a JSON object' }];
  }
  const record = doc as Record<string, unknown>;
  const properties = RuleSetSchema.properties as Record<string, TSchema>;
  const problems: RuleSetProblem[] = [];
  const required = new Set<string>((RuleSetSchema as { required?: string[] }).required ?? Object.keys(properties));
  const missing = Object.keys(properties).filter((key) => required.has(key) && !(key in record));
  if (missing.length > 0) problems.push({ path: '/', message: `missing field(s): ${missing.join(', ')}` });
  const unknown = Object.keys(record).filter((key) => !(key in properties));
  if (unknown.length > 0) problems.push({ path: '/', message: `unknown field(s): ${unknown.join(', ')}` });
  for (const [key, schema] of Object.entries(properties)) {
    if (!(key in record)) continue;
    const value = record[key];
    const items = (schema as { items?: TSchema }).items;
    if (Array.isArray(value) && items !== undefined && (schema as { type?: string }).type === 'array') {
      value.forEach((item, index) => problems.push(...checkPart(items, item, `/${key}/${index}`)));
      const minItems = (schema as { minItems?: number }).minItems ?? 0;
      if (value.length < minItems) problems.push({ path: `/${key}`, message: `needs at least ${minItems} item(s)` });
    } else {
      problems.push(...checkPart(schema, value, `/${key}`));
    }
  }
  return problems;
}
