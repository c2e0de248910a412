import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import type { Link } from '../../../src/net/transport';

function nextMessage(link: Link): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const off = link.on('message', (m) => {
      off();
      resolve(m);
    });
  });
}

describe('MemoryTransport', () => {
  it('discovers a peer and exchanges framed messages both ways, chunked like the real channel', async () => {
    const net = new MemoryNetwork({ limits: { maxMessageBytes: 1 << 20, chunkBytes: 1000 } });
    const a = net.createTransport('a');
    const b = net.createTransport('b');
    const inbound = new Promise<Link>((resolve) => b.on('link', resolve));
    expect(await a.listPeers()).toEqual(['b']);
    const out = await a.connect('b');
    const into = await inbound;
    expect([out.direction, into.direction, into.remoteId]).toEqual(['outbound', 'inbound', 'a']);
    into.on('message', (m) => into.send(m.slice().reverse()));
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    const reply = nextMessage(out);
    out.send(big);
    expect(await reply).toEqual(big.slice().reverse());
  });

  it('closes a link whose peer announces an oversize message, on the receiving side', async () => {
    const net = new MemoryNetwork({ limits: { maxMessageBytes: 100, chunkBytes: 64 } });
    const a = net.createTransport();
    const b = net.createTransport();
    const inbound = new Promise<Link>((resolve) => b.on('link', resolve));
    const out = await a.connect(b.localId);
    const into = await inbound;
    const closed = new Promise<string>((resolve) => into.on('close', (c) => resolve(c.reason)));
    const remoteClosed = new Promise<string>((resolve) => out.on('close', (c) => resolve(c.reason)));
    expect(() => out.send(new Uint8Array(101))).toThrow(/exceeds 100/);
    // A hostile sender bypasses its own check: write a raw oversize header.
    (out as unknown as { sendChunk(c: Uint8Array): void }).sendChunk(new Uint8Array([0xff, 0xff, 0, 0]));
    expect(await closed).toMatch(/frame-oversize/);
    expect(await remoteClosed).toMatch(/remote closed/);
    expect(out.open).toBe(false);
  });

  it('refuses unknown or self peers, hides peers without discovery, and closes links with the transport', async () => {
    const net = new MemoryNetwork({ discovery: false });
    const a = net.createTransport('a');
    const b = net.createTransport('b');
    expect(await a.listPeers()).toEqual([]);
    await expect(a.connect('nobody')).rejects.toThrow(/unavailable/);
    await expect(a.connect('a')).rejects.toThrow(/unavailable/);
    expect(() => net.createTransport('a')).toThrow(/taken/);
    const link = await a.connect('b');
    a.close();
    expect(link.open).toBe(false);
    expect(() => link.send(new Uint8Array([1]))).toThrow(/closed/);
    await expect(a.connect('b')).rejects.toThrow(/closed/);
    b.close();
  });
});
