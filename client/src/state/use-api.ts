// Loading API data into components: the last good answer stays on screen
// while a newer one loads or when it fails (the error is shown beside it).
import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbort, requestJson } from '../api/api-client.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** The path `data` answers (it may be an older one while a newer loads). */
  path: string | null;
}

/** GETs `path` (null = nothing to load) again whenever it or `version` changes. */
export function useApi<T>(path: string | null, version = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: path !== null, path: null });
  const cache = useRef(new Map<string, T>());
  const cachedVersion = useRef(version);
  useEffect(() => {
    if (cachedVersion.current !== version) {
      cache.current.clear();
      cachedVersion.current = version;
    }
    if (path === null) {
      setState({ data: null, error: null, loading: false, path: null });
      return;
    }
    const hit = cache.current.get(path);
    if (hit !== undefined) {
      setState({ data: hit, error: null, loading: false, path });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    requestJson<T>(path, { signal: controller.signal })
      .then((data) => {
        cache.current.set(path, data);
        setState({ data, error: null, loading: false, path });
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        setState((s) => ({ ...s, loading: false, error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)) }));
      });
    return () => controller.abort();
  }, [path, version]);
  return state;
}
