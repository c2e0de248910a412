import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, createAppServer } from '../../../server/app.mjs';

let dir: string;
let server: ReturnType<typeof createAppServer>;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  server = createAppServer({ distDir: dir, signalHosts: ['0.peerjs.com', 'signal.example.org:9000'] });
  url = await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the app server', () => {
  it('sends a strict CSP naming only self, the signaling servers and wasm-unsafe-eval', async () => {
    const res = await fetch(url);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('wss://signal.example.org:9000');
    expect(csp).toContain('wss://0.peerjs.com');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // The QR scanner may use the camera on this origin only; nothing else may.
    expect(res.headers.get('permissions-policy')).toBe('camera=(self), microphone=(), geolocation=()');
  });

  it('marks hashed assets immutable and index.html no-cache', async () => {
    expect((await fetch(url)).headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${url}assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers /peerjs as a PeerServer with discovery on', async () => {
    expect(await (await fetch(`${url}peerjs`)).json()).toMatchObject({ name: 'PeerJS Server' });
    expect(await (await fetch(`${url}peerjs/peerjs/peers`)).json()).toEqual([]);
  });

  it('builds the CSP from its inputs', () => {
    expect(contentSecurityPolicy([])).toContain("connect-src 'self';");
  });
});
