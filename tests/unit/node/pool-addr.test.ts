// What the peer pool learns about other peers, and from whom (pool.ts): a finished handshake
// teaches the link's own id (tried if we dialled it, new if it dialled us, nothing by rendezvous);
// `addr` is bucketed by the route its sender came by and budgeted; `getaddr` is answered with
// proven ids only. And the counterfactual without the eclipse defences keeps one flat table.
import { describe, expect, it } from 'vitest';
import type { AddrRecord } from '../../../src/node/p2p/addrman';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { SimulatedNetwork } from './harness';
import { ScriptedPeer } from './scripted-peer';
import { MAINTAIN_MS } from '../../../src/node/p2p/pool';
import { closesOf, known, readyIds, started, startedOnly, stopAll, type RigPool } from './pool-rig';

const recordOf = (p: RigPool, id: string): AddrRecord | undefined => p.pool.addrman.records().find((r) => r.id === id);
const sessionTo = (p: RigPool, id: string): PeerSession => p.pool.ready().find((s) => s.id === id) as PeerSession;

describe('the peer pool: what it learns', { timeout: 30_000 }, () => {
  it('learns the link id a handshake proved: tried when we dialled it, new (source inbound) when it dialled us, nothing by rendezvous', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const peers: RigPool[] = [];
    for (const n of ['in', 'out', 'plain', 'rv']) peers.push(await started(net, n));
    const [inbound, , , rv] = peers;
    await inbound!.dial('v');
    await v.dial('out');
    v.pool.adopt(await net.settle(v.transport.connect('plain')), 'v');
    v.pool.adopt(await net.settle(v.transport.connect('rv')), 'v', 'rendezvous');
    await net.until(() => readyIds(v).length === 4, 2_000, 'four sessions');
    expect(recordOf(v, 'in')).toMatchObject({ source: 'inbound', tried: false });
    expect(recordOf(v, 'out')).toMatchObject({ source: 'signaling', tried: true });
    // A dial with no route on record counts as one from the addrman.
    expect(recordOf(v, 'plain')).toMatchObject({ source: 'addr', tried: true });
    expect(recordOf(v, 'rv')).toBeUndefined();
    expect(v.pool.knownIds().sort()).toEqual(['in', 'out', 'plain']);
    expect(rv!.pool.ready()).toHaveLength(1);
    // What a peer dialled with no route on record tells us is filed under that route too.
    sessionTo(peers[2]!, 'v').send({ type: 'addr', ids: ['via-plain'] });
    await net.wait(10);
    expect(recordOf(v, 'via-plain')).toMatchObject({ source: 'out:addr' });
    stopAll(v, ...peers);
  });

  it('buckets addr by the route its sender came by, never learns its own id or an empty one, and budgets addr at 3 per burst', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const out = await started(net, 'out');
    const inbound = await started(net, 'in');
    await v.dial('out');
    await inbound.dial('v');
    await net.until(() => readyIds(v).length === 2 && readyIds(out).length === 1 && readyIds(inbound).length === 1, 2_000, 'sessions');
    sessionTo(out, 'v').send({ type: 'addr', ids: ['from-out', 'v', ''] });
    sessionTo(inbound, 'v').send({ type: 'addr', ids: ['from-in'] });
    await net.wait(10);
    expect(recordOf(v, 'from-out')).toMatchObject({ source: 'out:signaling' });
    expect(recordOf(v, 'from-in')).toMatchObject({ source: 'inbound' });
    expect(v.pool.knownIds()).not.toContain('v');
    expect(v.pool.knownIds()).not.toContain('');
    // The burst is 3: the answer to our getaddr and the one above spent two; one more is taken,
    // the next costs 50 points.
    const theirs = sessionTo(inbound, 'v');
    for (const id of ['b1', 'b2']) theirs.send({ type: 'addr', ids: [id] });
    await net.wait(10);
    expect(v.pool.knownIds()).toContain('b1');
    expect(v.pool.knownIds()).not.toContain('b2');
    expect(sessionTo(v, 'in').score).toBe(50);
    // The budget refills at one per 10 s, and the refused addr was debt: 20 s later one is free.
    await net.wait(20_000);
    theirs.send({ type: 'addr', ids: ['b4'] });
    await net.wait(10);
    expect(sessionTo(v, 'in').score).toBe(50);
    theirs.send({ type: 'addr', ids: ['b5'] });
    await net.wait(10);
    expect(closesOf(v, 'in')).toEqual(['misbehaved']);
    // addr and getaddr are the pool's own: the node above never sees them.
    expect(v.log.messages).toEqual([]);
    stopAll(v, out, inbound);
  });

  it('answers getaddr with its own id and the proven ids of its other ready peers, never the asker\'s', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const one = await ScriptedPeer.connect(net, 'v', { seed: 'one' });
    const two = await ScriptedPeer.connect(net, 'v', { seed: 'two' });
    const three = await ScriptedPeer.connect(net, 'v', { seed: 'three' });
    // The pool asks every new peer for addresses.
    expect(one.received.map((m) => m.type)).toContain('getaddr');
    one.send({ type: 'getaddr' });
    await net.wait(10);
    const answer = one.received.find((m) => m.type === 'addr');
    const idOf = (seed: string) => readyIds(v).find((id) => id.startsWith(`script-${seed}-`));
    expect(answer).toEqual({ type: 'addr', ids: ['v', idOf('two'), idOf('three')] });
    expect(two.open && three.open).toBe(true);
    stopAll(v);
  });

  it('without the eclipse defences (the counterfactual) keeps one flat table: every id learned once, remembered once, no anchors, no eviction', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const remembered: AddrRecord[] = [];
    const saved: string[][] = [];
    const v = await started(net, 'v', {
      eclipseDefences: false,
      maxInbound: 1,
      targetOutbound: 1,
      knownPeers: { load: async () => [], remember: (r) => remembered.push(r), forget: () => {} },
      anchors: { load: async () => [], save: (ids) => saved.push(ids) },
    });
    const first = await started(net, 'first');
    const second = await started(net, 'second');
    const out = await started(net, 'out', { targetOutbound: 0 });
    // An outbound peer takes no inbound slot.
    await v.dial('out');
    await net.until(() => readyIds(v).includes('out'), 2_000, 'out');
    await first.dial('v');
    await net.until(() => readyIds(v).length === 2, 2_000, 'first');
    await second.dial('v');
    await net.wait(10);
    // Inbound slots full and no eviction: the newcomer's link closes, the first peer stays.
    expect(readyIds(v)).toEqual(['first', 'out']);
    expect(second.pool.ready()).toHaveLength(0);
    expect(remembered.map((r) => [r.id, r.source, r.tried])).toEqual([
      ['out', 'outbound', false],
      ['first', 'inbound', false],
    ]);
    sessionTo(out, 'v').send({ type: 'addr', ids: ['x', 'first', 'v'] });
    await net.wait(10);
    expect(v.pool.knownIds().sort()).toEqual(['first', 'out', 'x']);
    expect(remembered.map((r) => r.id)).toEqual(['out', 'first', 'x']);
    expect(v.pool.addrman.size).toBe(0);
    expect(saved).toEqual([]);
    stopAll(v, first, second, out);
  });

  it('without the eclipse defences dials from the flat table, records from earlier sessions included, and needs no store', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const k1 = await started(net, 'k1', { targetOutbound: 0 });
    const v = await startedOnly(net, 'v', { eclipseDefences: false, targetOutbound: 1, knownPeers: known('k1') });
    await net.until(() => readyIds(v).includes('k1'), MAINTAIN_MS, 'k1 dialled');
    expect(v.pool.knownIds()).toEqual(['k1']);
    expect(v.pool.addrman.size).toBe(0);
    const bare = await started(net, 'bare', { eclipseDefences: false, targetOutbound: 0 });
    await k1.dial('bare');
    await net.until(() => readyIds(bare).includes('k1'), 1_000, 'bare has a peer');
    expect(bare.pool.knownIds()).toEqual(['k1']);
    stopAll(v, k1, bare);
  });
});
