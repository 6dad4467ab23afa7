// fetch for the API: JSON in and out, the session cookie, the CSRF token on
// writes, and errors as values the screens can show in place. A 401 tells
// the app to show the sign-in screen.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown = null) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Calls the API; throws ApiError (status 0 when the server cannot be reached). */
export async function requestJson<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return null as T;
  const body = (await response.json().catch(() => null)) as { code?: string; message?: string; details?: unknown } | null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(response.status, body?.code ?? 'HTTP', body?.message ?? `HTTP ${response.status}`, body?.details ?? null);
  }
  return body as T;
}

/** True for an aborted request (a newer one replaced it). */
export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
