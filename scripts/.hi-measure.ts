import { proposeColumnMapping, applyColumnMapping } from '/work/wt/harden-input/geo/normalise/columns.ts';
for (const n of [100, 500, 1000]) {
  const headers = Array.from({ length: n }, (_, i) => `Cột số ${i} tên dài`);
  const t0 = performance.now();
  const m = proposeColumnMapping(headers);
  const t1 = performance.now();
  for (let r = 0; r < 1000; r++) applyColumnMapping(m, headers);
  console.log(n, 'propose ms', (t1 - t0).toFixed(1), 'apply 1000 rows ms', (performance.now() - t1).toFixed(1));
}
