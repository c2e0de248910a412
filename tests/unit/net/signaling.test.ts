import { describe, expect, it } from 'vitest';
import { chooseSignaling, parseSignalSpec, PUBLIC_CLOUD, probeSameOrigin } from '../../../src/net/signaling';

const peerServerFetch = (async () => new Response(JSON.stringify({ name: 'PeerJS Server' }))) as typeof fetch;
const notFoundFetch = (async () => new Response('nope', { status: 404 })) as typeof fetch;
const otherJsonFetch = (async () => new Response(JSON.stringify({ name: 'something else' }))) as typeof fetch;
const failingFetch = (async () => {
  throw new TypeError('offline');
}) as typeof fetch;

describe('parseSignalSpec', () => {
  it('reads host, port and path, defaulting to TLS for remote hosts', () => {
    expect(parseSignalSpec('example.org:9000/peerjs', false)).toMatchObject({ host: 'example.org', port: 9000, path: '/peerjs/', secure: true });
    expect(parseSignalSpec('example.org', false)).toMatchObject({ port: 443, path: '/', secure: true, label: 'example.org' });
    expect(parseSignalSpec('127.0.0.1:8080/peerjs', false)).toMatchObject({ secure: false, port: 8080, label: '127.0.0.1:8080/peerjs' });
    expect(parseSignalSpec('localhost', true)).toMatchObject({ secure: true, port: 443 });
    expect(parseSignalSpec('http://example.org/x/', false)).toMatchObject({ secure: false, port: 80, path: '/x/' });
    expect(parseSignalSpec('[::1]:9000', false)).toMatchObject({ host: '[::1]', secure: false });
  });

  it('rejects what is not an address, with a message saying what to type', () => {
    expect(() => parseSignalSpec('', false)).toThrow(/empty/);
    expect(() => parseSignalSpec('bad host', false)).toThrow(/host\[:port\]\[\/path\]/);
    expect(() => parseSignalSpec('a.org:0', false)).toThrow(/out of range/);
    expect(() => parseSignalSpec('a.org:70000', false)).toThrow(/out of range/);
    expect(() => parseSignalSpec('x'.repeat(300), false)).toThrow(/too long/);
  });
});

describe('chooseSignaling', () => {
  const page = new URL('http://127.0.0.1:8080/?net=regtest');

  it('prefers ?signal=, then the saved setting', async () => {
    const q = await chooseSignaling({ pageUrl: new URL('http://h/?signal=a.org:1/p'), savedSpec: 'b.org', fetchImpl: peerServerFetch });
    expect(q).toMatchObject({ source: 'query', config: { host: 'a.org' } });
    const s = await chooseSignaling({ pageUrl: page, savedSpec: 'b.org', fetchImpl: peerServerFetch });
    expect(s).toMatchObject({ source: 'saved', config: { host: 'b.org' } });
  });

  it('uses this origin when a PeerServer answers at /peerjs, else the public cloud', async () => {
    const same = await chooseSignaling({ pageUrl: page, savedSpec: null, fetchImpl: peerServerFetch });
    expect(same).toMatchObject({ source: 'same-origin', config: { host: '127.0.0.1', port: 8080, path: '/peerjs/', secure: false } });
    for (const f of [notFoundFetch, otherJsonFetch, failingFetch]) {
      expect(await chooseSignaling({ pageUrl: page, savedSpec: null, fetchImpl: f })).toEqual({ source: 'public-cloud', config: PUBLIC_CLOUD });
    }
  });

  it('gives up on a same-origin probe that hangs', async () => {
    const hanging = ((_u: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    expect(await probeSameOrigin(page, hanging, 20)).toBe(false);
  });
});
