// The eclipse defences of the peer pool on live nodes over the in-memory transport.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { REGTEST } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { PeerSession, type SessionOwner } from '../../../src/node/p2p/peer';
import { BUCKET_SIZE, NEW_BUCKETS_PER_GROUP, type AddrRecord } from '../../../src/node/p2p/addrman';
import { PeerPool } from '../../../src/node/p2p/pool';
import { makeNode, seededRandom, SimulatedNetwork } from './harness';

const identityOf = (name: string) => {
  const secret = sha256(utf8(name));
  return { secret, key: publicKeyOf(secret), nonce: BigInt(name.length * 7919 + name.charCodeAt(name.length - 1)) };
};
const ctxOf = (net: SimulatedNetwork, name: string) => ({ params: REGTEST, identity: identityOf(name), timers: net.q, random: seededRandom(name), software: 'x', best: () => ({ height: 0, work: 0n }) });

const quiet: SessionOwner = { onReady: () => {}, onMessage: () => {}, onClose: () => {}, onOutdated: () => {} };

describe('eclipse defences', { timeout: 30_000 }, () => {
  it('keeps one peer\'s addr burst to a small share of the known-peer table (it used to take 300 of 306)', async () => {
    const net = new SimulatedNetwork({ discovery: true });
    const honest = [];
    for (const id of ['h1', 'h2', 'h3']) honest.push(await makeNode(net, REGTEST, { id, options: { claimRendezvous: undefined } }));
    // What the node keeps across restarts: its known-peer table, as the store sees it.
    const stored = new Set<string>();
    const knownPeers = { load: async () => [], remember: (r: AddrRecord | string) => stored.add(typeof r === 'string' ? r : r.id), forget: (id: string) => stored.delete(id) };
    const victim = await makeNode(net, REGTEST, { id: 'v', options: { claimRendezvous: undefined, knownPeers } });
    await net.until(() => victim.node.peerList().filter((p) => p.state === 'ready').length === 3, 5_000, 'honest peers');
    // A stranger connects and sends the three addr messages a burst allows, 100 new ids each.
    const secret = sha256(utf8('flooder'));
    const link = await net.settle(net.createTransport('flooder').connect('v'));
    let sent = 0;
    const owner: SessionOwner = {
      ...quiet,
      onReady: (s) => {
        for (let b = 0; b < 3; b++) s.send({ type: 'addr', ids: Array.from({ length: 100 }, () => `sybil-${sent++}`) });
      },
    };
    const ctx = { params: REGTEST, identity: { secret, key: publicKeyOf(secret), nonce: 42n }, timers: net.q, random: seededRandom('flooder'), software: 'x', localPeerId: () => 'flooder', best: () => ({ height: 0, work: 0n }) };
    new PeerSession(link, ctx, owner).start();
    await net.until(() => sent === 300, 5_000, 'the flood');
    await net.wait(200);
    const sybils = [...stored].filter((id) => id.startsWith('sybil-')).length;
    expect(sybils).toBeGreaterThan(0);
    expect(sybils).toBeLessThanOrEqual(NEW_BUCKETS_PER_GROUP * BUCKET_SIZE);
    expect([...stored]).toEqual(expect.arrayContaining(['h1', 'h2', 'h3']));
    expect(victim.node.peerList().filter((p) => p.id === 'flooder' && p.state === 'ready')).toHaveLength(1);
    for (const n of [...honest, victim]) n.node.stop();
  });

  it('dials its anchors, the last good outbound peers, first after a restart', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const anchorNode = await makeNode(net, REGTEST, { id: 'anchor', options: { claimRendezvous: undefined } });
    const known: AddrRecord[] = [{ id: 'anchor', source: 'stored', tried: true, failures: 0, lastSuccess: 0 }];
    let anchors: string[] = [];
    const anchorStore = { load: async () => anchors, save: (ids: string[]) => (anchors = ids) };
    const first = await makeNode(net, REGTEST, { id: 'tab', options: { claimRendezvous: undefined, anchors: anchorStore, knownPeers: { load: async () => known, remember: () => {}, forget: () => {} } } });
    await net.until(() => anchors.includes('anchor'), 5_000, 'anchors saved');
    first.node.stop();
    expect(anchors).toEqual(['anchor']);
    // The tab comes back knowing nobody: only the anchors lead back to the honest network.
    const again = await makeNode(net, REGTEST, { id: 'tab', secretOf: 'tab', options: { claimRendezvous: undefined, anchors: anchorStore } });
    await net.until(() => again.node.peerList().some((p) => p.id === 'anchor' && p.state === 'ready' && p.direction === 'outbound'), 5_000, 'anchor dialled');
    for (const n of [anchorNode, again]) n.node.stop();
  });

  it('lets a newcomer to full inbound slots evict a young stranger, never the peer that brought a block', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const noop = { onReady: () => {}, onMessage: () => {}, onClose: () => {}, onChange: () => {}, onOutdated: () => {} };
    const pool = new PeerPool({ ctx: ctxOf(net, 'victim'), transport: net.createTransport('victim'), maxInbound: 3, targetOutbound: 0 }, noop);
    await net.settle(pool.start());
    const sessions = new Map<string, PeerSession>();
    const connect = async (name: string) => {
      const link = await net.settle(net.createTransport(name).connect('victim'));
      const s = new PeerSession(link, { ...ctxOf(net, name), localPeerId: () => name }, quiet);
      sessions.set(name, s);
      s.start();
      await net.until(() => pool.ready().some((p) => p.id === name), 2_000, `${name} ready`);
      await net.wait(5);
    };
    await connect('relayer');
    pool.noteNewBlock(pool.ready().find((p) => p.id === 'relayer')!);
    await connect('veteran');
    await connect('stranger');
    await connect('newcomer');
    const ids = pool.ready().map((p) => p.id).sort();
    expect(ids).toEqual(['newcomer', 'relayer', 'veteran']);
    expect(sessions.get('stranger')!.state).toBe('closed');
    expect(pool.closed.find((c) => c.id === 'stranger')?.code).toBe('evicted');
    pool.stop();
  });
});
