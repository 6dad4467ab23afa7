// A local FHIR R4 receiver for the national push tests: a real HTTP server
// (node:http on 127.0.0.1, a free port) that takes transaction Bundles and
// enforces what the national system would: all-or-nothing transactions,
// conditional create (ifNoneExist: 0 matches create, 1 resolves to it, more
// → 412), conditional update (PUT Type?identifier=…), urn:uuid references
// resolved inside the Bundle, required fields per formats.md. Faults are
// programmable: 500 for the next N requests, hang (never answer) for the next
// N, reject entries a predicate picks. It keeps what it stored, so a test can
// check that every business identifier is stored exactly once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>;

export interface StoredResource {
  type: string;
  id: string;
  versionId: number;
  resource: Json;
}

interface Identifier {
  system: string;
  value: string;
}

class EntryFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly expression: string[] = []) {
    super(message);
  }
}

export interface FhirReceiver {
  /** Base URL to POST transaction Bundles to. */
  readonly url: string;
  /** Every request that reached the server (including faulted ones), in order. */
  readonly requests: Array<{ contentType: string | undefined; body: Json | null; answered: number | 'hung' }>;
  /** Answer HTTP `status` (default 500, OperationOutcome body) to the next n requests. */
  failNext(n: number, status?: number): void;
  /**
   * Hold the next n requests open without answering (the client times out).
   * afterStoring: process (and commit) the transaction first, then never answer — the answer lost on the way back.
   */
  hangNext(n: number, options?: { afterStoring?: boolean }): void;
  /** Reject (422, nothing stored) any transaction with an entry the predicate returns a message for; null keeps it. */
  rejectWhen(predicate: ((resource: Json) => string | null) | null): void;
  /** Store a resource directly (e.g. two Patients with one ID number, to provoke a 412). */
  seed(resource: Json): StoredResource;
  /** Stored resources of a type, optionally with an identifier. */
  find(type: string, identifier?: Identifier): StoredResource[];
  close(): Promise<void>;
}

const outcome = (code: string, diagnostics: string, expression: string[] = []) => ({
  resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics, ...(expression.length ? { expression } : {}) }],
});

/** Splits a FHIR search token list on unescaped separators, then URL-decodes and unescapes each part. */
function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === separator) { parts.push(current); current = ''; } else current += c;
  }
  parts.push(current);
  return parts;
}

const unescapeToken = (raw: string) => decodeURIComponent(raw).replace(/\\([\\$,|])/g, '$1');

/** `identifier=sys|val,sys|val` → the identifiers (any matches). */
export function parseIdentifierQuery(query: string): Identifier[] {
  const match = /^identifier=(.*)$/.exec(query);
  if (!match) throw new EntryFailure(400, 'not-supported', `only identifier searches are supported, not "${query}"`);
  return splitEscaped(match[1] as string, ',').map((token) => {
    const [system, value] = splitEscaped(token, '|');
    if (system === undefined || value === undefined) throw new EntryFailure(400, 'invalid', `identifier token "${token}" is not system|value`);
    return { system: unescapeToken(system), value: unescapeToken(value) };
  });
}

const hasIdentifier = (resource: Json, wanted: readonly Identifier[]) =>
  Array.isArray(resource.identifier) && resource.identifier.some((i: Identifier) => wanted.some((w) => w.system === i.system && w.value === i.value));

function validate(resource: Json, at: string): void {
  const missing = (path: string) => new EntryFailure(422, 'required', `${resource.resourceType}: ${path} is required`, [`${at}.${path}`]);
  const identifiers = resource.identifier;
  if (!Array.isArray(identifiers) || identifiers.length === 0 || identifiers.some((i: Json) => !i?.system || !i?.value)) throw missing('identifier');
  switch (resource.resourceType) {
    case 'Patient':
      return;
    case 'Immunization': {
      for (const field of ['status', 'occurrenceDateTime']) if (!resource[field]) throw missing(field);
      if (!Array.isArray(resource.vaccineCode?.coding) || resource.vaccineCode.coding.length === 0) throw missing('vaccineCode');
      if (!resource.patient?.reference) throw missing('patient');
      const applied = resource.protocolApplied;
      if (!Array.isArray(applied) || applied.length === 0) throw missing('protocolApplied');
      applied.forEach((p: Json, i: number) => {
        if (p?.doseNumberPositiveInt === undefined && p?.doseNumberString === undefined) throw missing(`protocolApplied[${i}].doseNumber`);
      });
      return;
    }
    case 'Observation': {
      for (const field of ['status', 'effectiveDateTime']) if (!resource[field]) throw missing(field);
      if (!Array.isArray(resource.code?.coding) || resource.code.coding.length === 0) throw missing('code');
      if (!resource.subject?.reference) throw missing('subject');
      if (!Array.isArray(resource.valueCodeableConcept?.coding) || resource.valueCodeableConcept.coding.length === 0) throw missing('valueCodeableConcept');
      return;
    }
    default:
      throw new EntryFailure(422, 'not-supported', `resource type ${resource.resourceType} is not accepted here`, [`${at}.resourceType`]);
  }
}

export async function startFhirReceiver(): Promise<FhirReceiver> {
  let store: StoredResource[] = [];
  let nextId = 1;
  let failing = { n: 0, status: 500 };
  let hanging = { n: 0, afterStoring: false };
  let rejectPredicate: ((resource: Json) => string | null) | null = null;
  const requests: FhirReceiver['requests'] = [];

  const search = (resources: StoredResource[], type: string, wanted: Identifier[]) =>
    resources.filter((r) => r.type === type && hasIdentifier(r.resource, wanted));

  function resolveReferences(resource: Json, resolved: Map<string, string>, at: string): Json {
    const copy = structuredClone(resource);
    for (const field of ['patient', 'subject']) {
      const reference = copy[field]?.reference;
      if (typeof reference === 'string' && reference.startsWith('urn:uuid:')) {
        const target = resolved.get(reference);
        if (!target) throw new EntryFailure(400, 'not-found', `reference ${reference} does not resolve inside the Bundle`, [`${at}.${field}`]);
        copy[field].reference = target;
      }
    }
    return copy;
  }

  /** Runs a transaction on a copy of the store; the copy replaces the store only if every entry succeeded. */
  function transact(bundle: Json): { status: number; body: Json } {
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction' || !Array.isArray(bundle.entry)) {
      return { status: 400, body: outcome('invalid', 'expected a Bundle of type transaction') };
    }
    const working = structuredClone(store);
    let id = nextId;
    const resolved = new Map<string, string>();
    const responses: Json[] = new Array(bundle.entry.length);
    const create = (type: string, resource: Json) => {
      const stored = { type, id: String(id++), versionId: 1, resource: { ...resource, id: '' } };
      stored.resource.id = stored.id;
      working.push(stored);
      return stored;
    };
    const answer = (stored: StoredResource, status: string) => ({
      response: { status, location: `${stored.type}/${stored.id}/_history/${stored.versionId}`, etag: `W/"${stored.versionId}"` },
    });
    // FHIR processing order: creates (POST) before updates (PUT); answers keep the entries' order.
    const order = bundle.entry.map((_: unknown, i: number) => i).sort((a: number, b: number) =>
      (bundle.entry[a].request?.method === 'PUT' ? 1 : 0) - (bundle.entry[b].request?.method === 'PUT' ? 1 : 0) || a - b);
    try {
      for (const i of order) {
        const entry = bundle.entry[i];
        const at = `Bundle.entry[${i}].resource`;
        const method = entry?.request?.method;
        const resource = entry?.resource as Json | undefined;
        if (!resource || !entry.request?.url) throw new EntryFailure(400, 'invalid', `entry ${i} has no resource or request`, [`Bundle.entry[${i}]`]);
        validate(resource, at);
        const refusal = rejectPredicate?.(resource) ?? null;
        if (refusal) throw new EntryFailure(422, 'business-rule', refusal, [at]);
        const type = resource.resourceType as string;
        const content = resolveReferences(resource, resolved, at);
        if (method === 'POST') {
          const matches = entry.request.ifNoneExist ? search(working, type, parseIdentifierQuery(entry.request.ifNoneExist)) : [];
          if (matches.length > 1) throw new EntryFailure(412, 'multiple-matches', `${matches.length} ${type} resources match ${entry.request.ifNoneExist}`, [`Bundle.entry[${i}].request.ifNoneExist`]);
          const stored = matches[0] ?? create(type, content);
          if (entry.fullUrl) resolved.set(entry.fullUrl, `${type}/${stored.id}`);
          responses[i] = answer(stored, matches[0] ? '200 OK' : '201 Created');
        } else if (method === 'PUT') {
          const [urlType, query] = String(entry.request.url).split('?');
          if (urlType !== type || !query) throw new EntryFailure(400, 'invalid', `PUT ${entry.request.url} is not a conditional update of ${type}`, [`Bundle.entry[${i}].request.url`]);
          const matches = search(working, type, parseIdentifierQuery(query));
          if (matches.length > 1) throw new EntryFailure(412, 'multiple-matches', `${matches.length} ${type} resources match ${query}`, [`Bundle.entry[${i}].request.url`]);
          const existing = matches[0];
          if (existing) {
            existing.versionId += 1;
            existing.resource = { ...content, id: existing.id };
          }
          const stored = existing ?? create(type, content);
          if (entry.fullUrl) resolved.set(entry.fullUrl, `${type}/${stored.id}`);
          responses[i] = answer(stored, existing ? '200 OK' : '201 Created');
        } else {
          throw new EntryFailure(400, 'not-supported', `request method ${method} is not supported`, [`Bundle.entry[${i}].request.method`]);
        }
      }
    } catch (error) {
      if (error instanceof EntryFailure) return { status: error.status, body: outcome(error.code, error.message, error.expression) };
      throw error;
    }
    store = working;
    nextId = id;
    return { status: 200, body: { resourceType: 'Bundle', type: 'transaction-response', entry: responses } };
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      let body: Json | null = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const log: FhirReceiver['requests'][number] = { contentType: request.headers['content-type'], body, answered: 'hung' };
      requests.push(log);
      if (hanging.n > 0) {
        hanging.n -= 1;
        if (hanging.afterStoring && body !== null) transact(body);
        return; // never answered: the socket stays open until the client gives up or close()
      }
      const send = (status: number, payload: Json) => {
        log.answered = status;
        response.writeHead(status, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(payload));
      };
      if (failing.n > 0) {
        failing.n -= 1;
        return send(failing.status, outcome('transient', `programmed failure ${failing.status}`));
      }
      if (request.method !== 'POST' || body === null) return send(400, outcome('invalid', 'POST a JSON transaction Bundle'));
      const result = transact(body);
      send(result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/fhir`,
    requests,
    failNext(n, status = 500) {
      failing = { n, status };
    },
    hangNext(n, options) {
      hanging = { n, afterStoring: options?.afterStoring ?? false };
    },
    rejectWhen(predicate) {
      rejectPredicate = predicate;
    },
    seed(resource) {
      const stored = { type: resource.resourceType as string, id: String(nextId++), versionId: 1, resource: structuredClone(resource) };
      stored.resource.id = stored.id;
      store.push(stored);
      return stored;
    },
    find(type, identifier) {
      return store.filter((r) => r.type === type && (!identifier || hasIdentifier(r.resource, [identifier])));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
