// `npm start`: build if dist/ is missing or stale, then serve dist/ and the PeerServer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServer, PUBLIC_CLOUD_HOST } from './app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// DIST_DIR serves another build as is (the update-flow test serves a second build this way).
const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(root, 'dist');
const sourceRoots = ['src', 'public', 'index.html', 'vite.config.ts', 'svelte.config.js', 'package-lock.json', 'scripts'];

/** @param {string} p @returns {number} the newest modification time below p */
function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function distIsStale() {
  const built = path.join(distDir, 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(...sourceRoots.map((p) => newestMtime(path.join(root, p))));
  return sources > fs.statSync(built).mtimeMs;
}

async function main() {
  if (!process.env.DIST_DIR && distIsStale()) {
    console.log('dist/ is missing or older than the sources: building…');
    const { buildWasm } = await import('../scripts/build-wasm.mjs');
    await buildWasm();
    const { build } = await import('vite');
    await build({ root, logLevel: 'warn' });
  }
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT ?? 8080);
  const extraSignal = (process.env.SIGNAL_SERVERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const discovery = process.env.PEER_DISCOVERY !== 'off';
  const appServer = createAppServer({ distDir, signalHosts: [PUBLIC_CLOUD_HOST, ...extraSignal], discovery });
  const url = await appServer.listen(port, host);
  console.log(`SimpleCoin is running at ${url} (signaling at ${url}peerjs, discovery ${discovery ? 'on' : 'off'})`);
  let stopping = false;
  const stop = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await appServer.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
