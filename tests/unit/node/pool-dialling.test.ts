// How the peer pool keeps its outbound slots (pool.ts): anchors first after a restart and the
// anchors it saves, rotation every ROTATE_EVERY rounds, the inbound link rate, the rendezvous slot
// it holds, and what stop() leaves behind. Every end is a real pool on the in-memory network.
import { describe, expect, it } from 'vitest';
import { MIN_OUTBOUND_AGE_MS } from '../../../src/node/p2p/eviction';
import { INBOUND_LINKS_PER_SEC, MAINTAIN_MS, MAX_INBOUND, RENDEZVOUS_SLOTS, ROTATE_EVERY } from '../../../src/node/p2p/pool';
import type { Transport } from '../../../src/net/transport';
import { SimulatedNetwork } from './harness';
import { closesOf, known, onlyKnownRoutes, poolOf, readyIds, rendezvousIds, started, startedOnly, type RigOptions, stopAll, type RigPool } from './pool-rig';

/** A claimRendezvous on the in-memory network that records what it tried: an id is free if no transport has it. */
function claimer(net: SimulatedNetwork, tried: string[]) {
  return async (id: string): Promise<Transport | null> => {
    tried.push(id);
    try {
      return net.createTransport(id);
    } catch {
      return null;
    }
  };
}

describe('the peer pool: dialling', { timeout: 30_000 }, () => {
  it('dials at most MAX_ANCHORS saved anchors, by the anchor route, and no later anchor when one goes', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const xs: RigPool[] = [];
    for (const n of ['x1', 'x2', 'x3']) xs.push(await started(net, n, { targetOutbound: 0 }));
    const v = await startedOnly(net, 'v', { anchors: { load: async () => ['x1', 'x2', 'x3'], save: () => {} } });
    await net.until(() => readyIds(v).length === 2, 2_000, 'anchors');
    expect(readyIds(v)).toEqual(['x1', 'x2']);
    expect(v.pool.addrman.records().filter((r) => r.tried).map((r) => [r.id, r.source])).toEqual(expect.arrayContaining([['x1', 'anchor'], ['x2', 'anchor']]));
    xs[0]!.pool.stop();
    await net.wait(3 * MAINTAIN_MS);
    expect(readyIds(v)).toEqual(['x2']);
    expect(xs[2]!.pool.sessions.size).toBe(0);
    stopAll(v, ...xs);
  });

  it('saves as anchors the outbound peers that last brought a block, then the longest connected, never a rendezvous peer, and only when they change', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const saves: string[][] = [];
    const v = await startedOnly(net, 'v', { targetOutbound: 8, anchors: { load: async () => [], save: (ids) => saves.push(ids) } });
    const peers: RigPool[] = [];
    for (const n of ['rv', 'a1', 'a2', 'a3', 'a4']) peers.push(await started(net, n, { targetOutbound: 0 }));
    v.pool.adopt(await net.settle(v.transport.connect('rv')), 'v', 'rendezvous');
    await net.wait(10);
    for (const id of ['a1', 'a2', 'a3']) {
      await v.dial(id);
      await net.wait(10);
    }
    expect(saves).toEqual([['a1'], ['a1', 'a2']]);
    v.pool.noteNewBlock(v.pool.ready().find((s) => s.id === 'a3')!);
    await v.dial('a4');
    await net.wait(10);
    expect(saves.at(-1)).toEqual(['a3', 'a1']);
    const sessionTo = (id: string) => v.pool.ready().find((s) => s.id === id)!;
    sessionTo('a1').close('rotating', 'test');
    expect(saves.at(-1)).toEqual(['a3', 'a2']);
    // A later block ranks first, though its peer connected after the others.
    await net.wait(10);
    v.pool.noteNewBlock(sessionTo('a4'));
    sessionTo('a2').close('rotating', 'test');
    expect(saves.at(-1)).toEqual(['a4', 'a3']);
    // With no outbound peer left (the rendezvous one does not count) the last anchors stay saved.
    sessionTo('a3').close('rotating', 'test');
    sessionTo('a4').close('rotating', 'test');
    expect(saves.at(-1)).toEqual(['a4']);
    expect(saves.some((ids) => ids.length === 0)).toBe(false);
    const before = saves.length;
    // Stopping closes every session, but what was saved is what the next start dials.
    v.pool.stop();
    expect(closesOf(v, 'rv').at(-1)).toBe('stopping');
    expect(saves).toHaveLength(before);
    stopAll(...peers);
  });

  it(`every ${ROTATE_EVERY} rounds with its outbound slots full, dials one more peer, and lets the least useful go once it is ${MIN_OUTBOUND_AGE_MS / 1000} s old`, async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const ps: RigPool[] = [];
    for (const n of ['p0', 'p1', 'p2']) ps.push(await started(net, n, { targetOutbound: 0 }));
    const v = onlyKnownRoutes(poolOf(net, 'v', { targetOutbound: 2, knownPeers: known('p0', 'p1', 'p2') }));
    // The signaling server is down: the addrman alone finds the peers, and a full pool asks it nothing.
    let listed = 0;
    v.transport.listPeers = () => (listed++, Promise.reject(new Error('signaling down')));
    await net.settle(v.pool.start());
    const outbound = () => v.pool.ready().filter((s) => s.direction === 'outbound').length;
    await net.until(() => outbound() === 2, 1_000, 'two outbound');
    const listedWhenFull = listed;
    // Rounds 1..23: full, nothing more is dialled.
    await net.wait((ROTATE_EVERY - 2) * MAINTAIN_MS + MAINTAIN_MS / 2);
    expect(outbound()).toBe(2);
    expect(v.pool.closed).toEqual([]);
    expect(listed).toBe(listedWhenFull);
    await net.wait(MAINTAIN_MS);
    expect(outbound()).toBe(3);
    await net.wait(MIN_OUTBOUND_AGE_MS + MAINTAIN_MS);
    expect(outbound()).toBe(2);
    expect(v.pool.closed.map((c) => c.code)).toEqual(['rotating']);
    stopAll(v, ...ps);
  });

  it(`takes new inbound links at ${INBOUND_LINKS_PER_SEC} per second in bursts of ${MAX_INBOUND}: each costs a signature before the peer proved anything`, async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v', { maxInbound: 100 });
    const strangers: RigPool[] = [];
    for (let i = 0; i <= MAX_INBOUND; i++) strangers.push(poolOf(net, `s${i}`, { targetOutbound: 0 }));
    for (const s of strangers) await s.dial('v');
    await net.wait(10);
    expect(v.pool.ready()).toHaveLength(MAX_INBOUND);
    const refused = strangers.filter((s) => s.pool.ready().length === 0);
    expect(refused.map((s) => s.name)).toEqual([`s${MAX_INBOUND}`]);
    expect(refused[0]!.pool.closed[0]!.reason).toMatch(/inbound-busy/);
    // Our own dials are not inbound links: the budget does not hold them back.
    const out = await started(net, 'out', { targetOutbound: 0 });
    await v.dial('out');
    await net.wait(10);
    expect(readyIds(v)).toContain('out');
    strangers.push(out);
    // The refused link was debt too: after a second (two tokens) one more link is taken.
    await net.wait(1_000);
    await refused[0]!.dial('v');
    await net.wait(10);
    expect(v.pool.ready()).toHaveLength(MAX_INBOUND + 2);
    stopAll(v, ...strangers);
  });

  it('holds the first free rendezvous slot, skips the slot of a peer it is connected to, claims none when all are held, and gives its slot back on stop', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const tried: string[][] = [[], [], [], [], []];
    const holders: RigPool[] = [];
    for (let k = 0; k < RENDEZVOUS_SLOTS; k++) {
      const opts: RigOptions = { targetOutbound: k === 1 ? 8 : 0, claimRendezvous: claimer(net, tried[k]!) };
      holders.push(await started(net, `h${k}`, opts));
      expect(holders[k]!.pool.rendezvousHeld).toBe(rendezvousIds[k]);
    }
    // h1 dialled h0 at its rendezvous id before claiming (maintenance dials first): it never tried that slot.
    expect(tried[0]).toEqual([rendezvousIds[0]]);
    expect(tried[1]).toEqual([rendezvousIds[1]]);
    expect(tried[3]).toEqual(rendezvousIds);
    const late = await started(net, 'late', { targetOutbound: 0, claimRendezvous: claimer(net, tried[4]!) });
    expect(tried[4]).toEqual(rendezvousIds);
    expect(late.pool.rendezvousHeld).toBeNull();
    holders[2]!.pool.stop();
    expect(holders[2]!.pool.rendezvousHeld).toBeNull();
    await net.wait(MAINTAIN_MS);
    expect(late.pool.rendezvousHeld).toBe(rendezvousIds[2]);
    stopAll(late, ...holders);
  });

  it('gives back a rendezvous slot whose claim finishes after stop, tries no other, and adopts no link once stopped', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    let finish: (t: Transport | null) => void = () => {};
    let claims = 0;
    const claimRendezvous = () => new Promise<Transport | null>((resolve) => ((finish = resolve), claims++));
    const v = poolOf(net, 'v', { targetOutbound: 0, claimRendezvous });
    const starting = v.pool.start();
    await net.wait(10);
    v.pool.stop();
    const claimed = net.createTransport(rendezvousIds[0]);
    finish(claimed);
    await net.settle(starting);
    expect(v.pool.rendezvousHeld).toBeNull();
    expect(claims).toBe(1);
    // The claimed id is free again: its transport was closed.
    expect(() => net.createTransport(rendezvousIds[0]).close()).not.toThrow();
    const late = await started(net, 'late', { targetOutbound: 0 });
    await late.dial('v');
    await net.wait(10);
    expect(v.pool.sessions.size).toBe(0);
    expect(late.pool.closed[0]!.reason).toMatch(/shunned/);
    stopAll(late);
  });

  it('counts a failed dial against the id in the addrman, and keeps dialling for outbound slots whatever the inbound peers', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await startedOnly(net, 'v', { targetOutbound: 2, knownPeers: known('ghost') });
    const ghost = () => v.pool.addrman.records().find((r) => r.id === 'ghost');
    expect(ghost()?.failures).toBe(1);
    // Two inbound peers fill nothing of the outbound target: two peers learned later are dialled.
    const ins: RigPool[] = [];
    for (const n of ['i1', 'i2']) {
      ins.push(await started(net, n, { targetOutbound: 1 }));
      await ins.at(-1)!.dial('v');
    }
    const outs: RigPool[] = [];
    for (const n of ['o1', 'o2']) {
      outs.push(await started(net, n, { targetOutbound: 0 }));
      v.pool.addrman.add(n, 'test', net.q.now());
    }
    await net.wait(MAINTAIN_MS);
    expect(v.pool.ready().filter((s) => s.direction === 'outbound').map((s) => s.id).sort()).toEqual(['o1', 'o2']);
    stopAll(v, ...ins, ...outs);
  });

  it('dials nobody once stopped, even when the signaling server answers after stop()', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const p = await started(net, 'p', { targetOutbound: 0 });
    const v = onlyKnownRoutes(poolOf(net, 'v', { targetOutbound: 2, knownPeers: known('p') }));
    let answer: (ids: string[]) => void = () => {};
    v.transport.listPeers = () => new Promise((resolve) => (answer = resolve));
    const starting = v.pool.start();
    await net.wait(10);
    v.pool.stop();
    answer(['p']);
    await net.settle(starting);
    await net.wait(10);
    expect(p.pool.closed).toEqual([]);
    expect(p.pool.sessions.size).toBe(0);
    stopAll(p);
  });
});
