// Where ingest's time goes, for benchmarks: with RISKMAP_INGEST_SPANS=1 each
// named phase adds its wall time here and the totals are printed to stderr
// every 10 s (bench/live.ts --spans). Off, span() only runs the function.
export const spansEnabled = process.env.RISKMAP_INGEST_SPANS === '1';
const totals = new Map<string, { ms: number; n: number }>();
let timer: NodeJS.Timeout | null = null;

function report(): void {
  const lines = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms)
    .map(([name, t]) => `${name.padEnd(22)} ${t.ms.toFixed(0).padStart(8)} ms ${String(t.n).padStart(6)}× ${(t.ms / t.n).toFixed(1).padStart(7)} ms each`);
  process.stderr.write(`ingest spans (cumulative):\n${lines.join('\n')}\n`);
}

/** Runs fn, adding its wall time to the named span when spans are on. */
export async function span<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!spansEnabled) return fn();
  if (!timer) timer = setInterval(report, 10_000).unref();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    addSpan(name, performance.now() - started);
  }
}

/** Adds time measured elsewhere to a span. */
export function addSpan(name: string, ms: number): void {
  if (!spansEnabled) return;
  if (!timer) timer = setInterval(report, 10_000).unref();
  const t = totals.get(name) ?? { ms: 0, n: 0 };
  t.ms += ms;
  t.n += 1;
  totals.set(name, t);
}

/** The spans so far (name → total ms and count), for a benchmark to print beside its figures. */
export function spanTotals(): ReadonlyMap<string, { ms: number; n: number }> {
  return totals;
}
