// One transaction Bundle to the national FHIR endpoint, and what its answer
// means for the records in it: accepted, rejected (not retried) or retry.
import type { TransactionBundle } from './bundle.ts';

/** Statuses retried with backoff besides 5xx: request timeout and rate limiting. Every other 4xx is a rejection. */
export const RETRIED_4XX = new Set([408, 429]);

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Array<{ severity: string; code: string; diagnostics?: string; expression?: string[]; details?: { text?: string } }>;
}

export interface EntryResponse {
  status: string;
  location?: string;
  etag?: string;
}

export type SendResult =
  | { kind: 'accepted'; httpStatus: number; entries: EntryResponse[] }
  | { kind: 'rejected'; httpStatus: number; outcome: OperationOutcome }
  | { kind: 'retry'; httpStatus: number | null; outcome: OperationOutcome; unreachable: boolean };

/** riskmap's own OperationOutcome for what the endpoint did not describe (timeouts, refused connections, unreadable bodies). */
export function localOutcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function asOutcome(body: unknown, httpStatus: number, text: string): OperationOutcome {
  const o = body as Partial<OperationOutcome> | null;
  if (o && o.resourceType === 'OperationOutcome' && Array.isArray(o.issue)) return o as OperationOutcome;
  return localOutcome('processing', `HTTP ${httpStatus} without an OperationOutcome: ${text.slice(0, 300)}`);
}

function readTransactionResponse(body: unknown, expectedEntries: number): EntryResponse[] | null {
  const b = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | null;
  if (!b || b.resourceType !== 'Bundle' || b.type !== 'transaction-response' || !Array.isArray(b.entry) || b.entry.length !== expectedEntries) return null;
  const entries: EntryResponse[] = [];
  for (const entry of b.entry as Array<{ response?: { status?: unknown; location?: unknown; etag?: unknown } }>) {
    const r = entry?.response;
    if (!r || typeof r.status !== 'string') return null;
    entries.push({ status: r.status, ...(typeof r.location === 'string' ? { location: r.location } : {}), ...(typeof r.etag === 'string' ? { etag: r.etag } : {}) });
  }
  return entries;
}

const describeCause = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

/**
 * POSTs the Bundle (application/fhir+json) and classifies the answer. Never
 * throws for what the endpoint does: a timeout or a refused connection is a
 * retry (marked unreachable when nothing answered at all).
 */
export async function sendTransaction(url: string, bundle: TransactionBundle, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<SendResult> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { kind: 'retry', httpStatus: null, outcome: localOutcome('timeout', `${url} did not answer within ${timeoutMs / 1000} s`), unreachable: false };
    }
    return { kind: 'retry', httpStatus: null, outcome: localOutcome('transient', `cannot reach ${url}: ${describeCause(error)}`), unreachable: true };
  }
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    const entries = readTransactionResponse(body, bundle.entry.length);
    // The transaction may have committed; re-sending is safe (every entry is conditional), so a bad answer is retried.
    if (!entries) return { kind: 'retry', httpStatus: status, outcome: localOutcome('processing', `HTTP ${status} but not a transaction-response with ${bundle.entry.length} entries`), unreachable: false };
    return { kind: 'accepted', httpStatus: status, entries };
  }
  if (status >= 500 || RETRIED_4XX.has(status)) return { kind: 'retry', httpStatus: status, outcome: asOutcome(body, status, text), unreachable: false };
  return { kind: 'rejected', httpStatus: status, outcome: asOutcome(body, status, text) };
}
