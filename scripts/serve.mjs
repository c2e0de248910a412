// The `npm start` server (server/start.mjs, built if needed) on 127.0.0.1 and a free port, for the
// scripts that drive a browser against it; `stop()` ends it.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
export function startServer() {
  const child = spawn(process.execPath, ['server/start.mjs'], { cwd: root, env: { ...process.env, HOST: '127.0.0.1', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const m = /running at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}
