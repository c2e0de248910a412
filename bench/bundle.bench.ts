// The initial JavaScript a visitor downloads: the entry chunk index.html loads, gzipped.
// (The miner's worker, its WebAssembly and workbox-window load later.) Writes bench/results/bundle.json.
import { it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

it('bundle size', () => {
  const html = fs.readFileSync('dist/index.html', 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="\/?([^"]+)"/g), ...html.matchAll(/<link rel="modulepreload"[^>]+href="\/?([^"]+)"/g)].map((m) => m[1]!);
  const files = scripts.map((f) => path.join('dist', f));
  const raw = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const gzip = files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const result = { files: scripts, rawBytes: raw, gzipBytes: gzip, gzipKB: +(gzip / 1024).toFixed(1) };
  console.log(`initial JS: ${result.gzipKB} KB gzipped (${(raw / 1024).toFixed(1)} KB raw)`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/bundle.json', `${JSON.stringify(result, null, 2)}\n`);
});
