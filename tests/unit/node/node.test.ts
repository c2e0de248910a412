import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST } from '../../../src/core/protocol/networks';
import { SimpleCoinNode } from '../../../src/node/node';
import { StorageFullError } from '../../../src/storage/chain-db';
import { ALICE, BOB, testClock, transfer } from '../core/helpers';
import { COIN } from '../../../src/core/protocol/consensus';
import { makeNode, MapSettings, noServer, realTimers, seededRandom, until } from './harness';
import { sha256 } from '@noble/hashes/sha2.js';

describe('nodes over the in-memory transport', { timeout: 30_000 }, () => {
  it('handshake, relay a block to everyone, and sync a late joiner', async () => {
    const net = new MemoryNetwork();
    const a = await makeNode(net);
    const b = await makeNode(net);
    const c = await makeNode(net);
    await until(() => [a, b, c].every((n) => n.node.peerList().filter((p) => p.state === 'ready').length === 2), 5_000, 'mesh');
    await a.node.mineRegtestBlocks(3, ALICE.pub);
    await until(() => [b, c].every((n) => n.node.chain.height === 3), 5_000, 'relay');
    expect(c.node.chain.tip.hashHex).toBe(a.node.chain.tip.hashHex);
    await a.node.mineRegtestBlocks(40, ALICE.pub);
    const late = await makeNode(net);
    await until(() => late.node.chain.height === 43, 10_000, 'late sync');
    expect(late.node.chain.tip.hashHex).toBe(a.node.chain.tip.hashHex);
    for (const n of [a, b, c, late]) n.node.stop();
  });

  it('relays a transaction to every mempool, and a block confirms it everywhere', async () => {
    const net = new MemoryNetwork();
    const nodes = await Promise.all([0, 1, 2].map(() => makeNode(net)));
    await until(() => nodes.every((n) => n.node.peerList().length === 2), 5_000, 'mesh');
    await nodes[0]!.node.mineRegtestBlocks(4, ALICE.pub);
    await until(() => nodes.every((n) => n.node.chain.height === 4));
    const tx = transfer(ALICE, BOB, COIN, 0);
    nodes[2]!.node.submitTx(tx);
    await until(() => nodes.every((n) => n.node.mempool.size === 1), 5_000, 'tx relay');
    await nodes[1]!.node.mineRegtestBlocks(1, BOB.pub);
    await until(() => nodes.every((n) => n.node.chain.height === 5 && n.node.mempool.size === 0), 5_000, 'confirmation');
    expect(nodes[0]!.node.chain.account(BOB.hex)!.balance).toBe(COIN);
    for (const n of nodes) n.node.stop();
  });

  it('refuses a peer on another network with a reason, and never connects to itself', async () => {
    const net = new MemoryNetwork();
    const a = await makeNode(net);
    const { classroomNetwork } = await import('../../../src/core/protocol/networks');
    const b = await makeNode(net, classroomNetwork('other'));
    await until(() => a.node.p2p!.pool.closed.length > 0 && b.node.p2p!.pool.closed.length > 0, 5_000, 'refusal');
    const reasons = [...a.node.p2p!.pool.closed, ...b.node.p2p!.pool.closed].map((c) => c.reason).join(' | ');
    expect(reasons).toMatch(/wrong-network/);
    // The UI names a closed peer by its code: the refusal's own on one side, the peer's refusal on the other.
    const codes = [...a.node.p2p!.pool.closed, ...b.node.p2p!.pool.closed].map((c) => c.code);
    expect(codes).toContain('wrong-network');
    expect(a.node.peerList().filter((p) => p.state === 'ready')).toEqual([]);
    a.node.stop();
    b.node.stop();
  });

  it('finds peers through rendezvous ids and peer exchange when discovery is off', async () => {
    const net = new MemoryNetwork({ discovery: false });
    const nodes: Awaited<ReturnType<typeof makeNode>>[] = [];
    for (let i = 0; i < 6; i++) nodes.push(await makeNode(net));
    await until(() => nodes.every((n) => n.node.peerList().filter((p) => p.state === 'ready').length >= 1), 8_000, 'rendezvous');
    await nodes[5]!.node.mineRegtestBlocks(2, ALICE.pub);
    await until(() => nodes.every((n) => n.node.chain.height === 2), 8_000, 'relay without discovery');
    for (const n of nodes) n.node.stop();
  });
});

describe('node storage behaviour', () => {
  it('mines regtest blocks, audits its store, and turns read-only when the store is full', async () => {
    const store = new MemoryChainStore();
    const node = new SimpleCoinNode({ params: REGTEST, store, now: testClock, pageUrl: new URL('http://h/'), settings: new MapSettings(), fetchImpl: noServer, timers: realTimers, random: seededRandom('x'), nodeSecret: sha256(new Uint8Array(1)), software: 't', openTransport: async () => new MemoryNetwork().createTransport() });
    await node.openChain();
    const tips: number[] = [];
    node.events.on('tip', (t) => tips.push(t.height));
    expect(await node.mineRegtestBlocks(3, ALICE.pub)).toBe(3);
    expect(tips).toEqual([1, 2, 3]);
    expect(await node.checkConsistency()).toMatchObject({ ok: true, height: 3 });
    const messages: string[] = [];
    node.events.on('storage', (s) => messages.push(s.message));
    store.write = async () => {
      throw new StorageFullError();
    };
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
    expect(node.readOnly).toBe(true);
    expect(messages[0]).toMatch(/no more storage space/);
    expect(node.chain.height).toBe(3);
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
  });

  it('validates a signaling setting before saving it', async () => {
    const settings = new MapSettings();
    const node = new SimpleCoinNode({ params: REGTEST, store: new MemoryChainStore(), now: testClock, pageUrl: new URL('http://h/'), settings, fetchImpl: noServer, timers: realTimers, random: seededRandom('y'), nodeSecret: sha256(new Uint8Array(2)), software: 't', openTransport: async () => new MemoryNetwork().createTransport() });
    expect(() => node.saveSignalSetting('not a host!')).toThrow(/not a signaling server/);
    node.saveSignalSetting('example.org:9000/peerjs');
    expect(settings.get('signal')).toBe('example.org:9000/peerjs');
    node.saveSignalSetting(null);
    expect(settings.get('signal')).toBeNull();
  });
});

describe('framing violations', () => {
  it('shuns a peer whose frame announces more than the message limit', async () => {
    const net = new MemoryNetwork();
    const a = await makeNode(net);
    const b = await makeNode(net);
    await until(() => a.node.p2p!.pool.ready().length === 1 && b.node.p2p!.pool.ready().length === 1, 5_000, 'pair');
    const session = b.node.p2p!.pool.ready()[0]!;
    // Bypass b's own framing: a raw header announcing 16 MiB.
    (session.link as unknown as { sendChunk(c: Uint8Array): void }).sendChunk(new Uint8Array([0, 0, 0, 1]));
    await until(() => a.node.p2p!.pool.ready().length === 0, 5_000, 'disconnect');
    expect(a.node.p2p!.pool.closed[0]!.reason).toMatch(/frame-oversize/);
    expect(a.node.p2p!.pool.isBanned(b.node.nodeKeyHex)).toBe(true);
    a.node.stop();
    b.node.stop();
  });
});

describe('peer hardening', () => {
  it('drops the stale session of a peer that restarted with the same node key', async () => {
    const net = new MemoryNetwork();
    const a = await makeNode(net);
    const b = await makeNode(net, REGTEST, { id: 'b-first', secretOf: 'restarting' });
    await until(() => a.node.p2p!.pool.ready().length === 1, 5_000, 'pair');
    const oldSession = a.node.p2p!.pool.ready()[0]!;
    // The old tab dies without closing anything (a killed renderer); the node comes back in a new tab.
    for (const s of b.node.p2p!.pool.ready()) (s.link as unknown as { peer: unknown }).peer = null;
    b.node.stop();
    const again = await makeNode(net, REGTEST, { id: 'b-second', secretOf: 'restarting' });
    await until(() => a.node.p2p!.pool.ready().some((s) => s.remote?.nonce !== oldSession.remote?.nonce), 5_000, 'new session');
    expect(oldSession.state).toBe('closed');
    expect(oldSession.closeReason).toBe('restarted: peer restarted');
    expect(a.node.p2p!.pool.ready().filter((s) => s.nodeKeyHex === b.node.nodeKeyHex)).toHaveLength(1);
    for (const n of [a, b, again]) n.node.stop();
  });

  it('asks one peer for at most 1,000 announced transactions at a time, and forgets them when it goes', async () => {
    const net = new MemoryNetwork();
    const a = await makeNode(net);
    const b = await makeNode(net);
    await until(() => a.node.p2p!.pool.ready().length === 1 && b.node.p2p!.pool.ready().length === 1, 5_000, 'pair');
    const asked: number[] = [];
    const session = a.node.p2p!.pool.ready()[0]!;
    const send = session.send.bind(session);
    session.send = (m) => {
      if (m.type === 'getdata') asked.push(m.items.length);
      send(m);
    };
    const inv = (from: number) => ({ type: 'inv' as const, items: Array.from({ length: 1_000 }, (_, i) => ({ type: 1 as const, hash: sha256(new Uint8Array([from, i >> 8, i & 255])) })) });
    await a.node.p2p!.relay.onMessage(session, inv(1));
    await a.node.p2p!.relay.onMessage(session, inv(2));
    expect(asked).toEqual([1_000]);
    a.node.p2p!.relay.peerGone(session);
    await a.node.p2p!.relay.onMessage(session, inv(3));
    expect(asked).toEqual([1_000, 1_000]);
    a.node.stop();
    b.node.stop();
  });
});
