// `npm run dev`: the API (riskmap serve on PORT, default 8080) and Vite with
// hot reload on 5173, proxying /api, /tiles, /ogc and /fhir to it.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['bin/riskmap.js', 'serve'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((child) => child.on('exit', (code) => { stop(); process.exitCode = code ?? 0; }));
