// Lab network conditions (net/conditions.ts) over the in-memory transport on simulated time.
import { describe, expect, it } from 'vitest';
import type { MemoryTransport } from '../../../src/net/memory-transport';
import { NetworkConditions, RETRANSMIT_MIN_MS, LAB_MESSAGES_PER_MINUTE } from '../../../src/net/conditions';
import type { Link, Transport } from '../../../src/net/transport';
import { classroomNetwork, MAIN, NotALabError, REGTEST } from '../../../src/core/protocol/networks';
import { encodeMessage } from '../../../src/core/p2p/messages';
import { encodeLabControl, type LabControl } from '../../../src/core/p2p/lab-control';
import { EventQueue, prng } from '../../../sim/events';
import { SimulatedNetwork } from '../../../sim/simulated-network';
import { versionOf } from '../node/hostile-peer';

const LAB = classroomNetwork('lab-test');
const BASE_MS = 10;

function world(seed = 1) {
  const net = new SimulatedNetwork({ latencyMs: () => BASE_MS });
  const q = net.q;
  const make = (id: string) => {
    const conditions = new NetworkConditions(LAB, q, prng(seed));
    const raw = net.createTransport(id);
    return { raw, conditions, transport: conditions.wrap(raw) };
  };
  return { q, net, make };
}

/** Connects a to b (both wrapped or raw) and returns both ends, each with its received messages and their times. */
async function linkUp(q: EventQueue, a: Transport, b: Transport) {
  const inbound = new Promise<Link>((resolve) => b.on('link', resolve));
  const outP = a.connect(b.localId);
  await q.runUntil(q.now() + 100);
  const [out, into] = await Promise.all([outP, inbound]);
  const record = (l: Link) => {
    const got: Array<{ at: number; m: Uint8Array }> = [];
    l.on('message', (m) => got.push({ at: q.now(), m }));
    return got;
  };
  return { out, into, outGot: record(out), intoGot: record(into) };
}

const control = (over: Partial<LabControl> = {}): LabControl => ({ id: new Uint8Array(16).fill(7), origin: new Uint8Array(32).fill(1), kind: 'conditions', isolated: false, latencyMs: 200, lossPermille: 0, splitSeed: 0, splitS: 0, subject: new Uint8Array(32), rule: '', ...over });

describe('network conditions (lab)', () => {
  it('refuse to wrap a transport on main, regtest or an ordinary class', () => {
    const q = new EventQueue();
    for (const p of [MAIN, REGTEST, classroomNetwork('physics')]) expect(() => new NetworkConditions(p, q, Math.random), p.name).toThrow(NotALabError);
  });

  it('add latency to what this node sends, per link or on all, keeping order', async () => {
    const { q, make } = world();
    const a = make('a');
    const b = make('b');
    const { out, intoGot } = await linkUp(q, a.transport, b.raw);
    a.conditions.set({ latencyMs: 300 });
    const t0 = q.now();
    out.send(Uint8Array.of(20, 1));
    a.conditions.set({ latencyMs: 0 });
    out.send(Uint8Array.of(20, 2));
    await q.runUntil(q.now() + 1_000);
    expect(intoGot.map((g) => g.m[1])).toEqual([1, 2]);
    expect(intoGot[0]!.at - t0).toBeGreaterThanOrEqual(300 + BASE_MS);
    // The second waited behind the first: a data channel is ordered.
    expect(intoGot[1]!.at).toBeGreaterThanOrEqual(intoGot[0]!.at);
    a.conditions.setLinkLatency('b', 50);
    const t1 = q.now();
    out.send(Uint8Array.of(20, 3));
    await q.runUntil(q.now() + 1_000);
    expect(intoGot[2]!.at - t1).toBe(50 + BASE_MS);
  });

  it('lose packets as a reliable channel does: all arrive, in order, lost ones a retransmission later', async () => {
    const { q, make } = world(3);
    const a = make('a');
    const b = make('b');
    const { out, intoGot } = await linkUp(q, a.transport, b.raw);
    a.conditions.set({ loss: 0.5 });
    const t0 = q.now();
    for (let i = 0; i < 40; i++) out.send(Uint8Array.of(20, i));
    expect(out.bufferedBytes).toBeGreaterThan(0);
    await q.runUntil(q.now() + 60_000);
    expect(intoGot.map((g) => g.m[1])).toEqual([...Array(40).keys()]);
    // Half were lost at least once: they, and all behind them, waited a retransmission timeout.
    const delays = intoGot.map((g) => g.at - t0);
    expect(Math.min(...delays)).toBe(BASE_MS);
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(2 * RETRANSMIT_MIN_MS + BASE_MS);
    expect(out.bufferedBytes).toBe(0);
  });

  it('isolate: close every link, dial nobody, accept nobody, list nobody', async () => {
    const { q, make } = world();
    const a = make('a');
    const b = make('b');
    const c = make('c');
    const { out } = await linkUp(q, a.transport, b.transport);
    const closed = new Promise<string>((resolve) => out.on('close', (e) => resolve(e.reason)));
    a.conditions.set({ isolated: true });
    expect(await closed).toMatch(/isolated/);
    await expect(a.transport.connect('c')).rejects.toThrow(/isolated/);
    expect(await a.transport.listPeers()).toEqual([]);
    let accepted = 0;
    a.transport.on('link', () => accepted++);
    const dial = c.transport.connect('a');
    await q.runUntil(q.now() + 100);
    const fromC = await dial;
    expect(accepted).toBe(0);
    expect(fromC.open).toBe(false);
    a.conditions.set({ isolated: false });
    expect((await a.transport.listPeers()).sort()).toEqual(['b', 'c']);
  });

  it('refuse links to and from the ids of a split until all are allowed again', async () => {
    const { q, make } = world();
    const a = make('a');
    const b = make('b');
    const { out } = await linkUp(q, a.transport, b.transport);
    a.conditions.refuse(['b']);
    expect(out.open).toBe(false);
    await expect(a.transport.connect('b')).rejects.toThrow(/other side of the split/);
    // Nor from there: b's dial is closed on arrival.
    const dial = b.transport.connect('a');
    await q.runUntil(q.now() + 100);
    expect((await dial).open).toBe(false);
    a.conditions.allowAll();
    const again = await linkUp(q, a.transport, b.transport);
    expect(again.out.open).toBe(true);
  });

  it('take lab messages off the link, relay each once to peers that speak protocol 5, and report them', async () => {
    const { q, make } = world();
    const hub = make('hub');
    const x = make('x');
    const y = make('y');
    const old = make('old');
    const reported: string[] = [];
    hub.conditions.events.on('control', (c) => reported.push(c.fromLinkId ?? 'self'));
    const hx = await linkUp(q, x.raw, hub.transport);
    const hy = await linkUp(q, y.raw, hub.transport);
    const ho = await linkUp(q, old.raw, hub.transport);
    hx.out.send(encodeMessage(versionOf('x')));
    hy.out.send(encodeMessage(versionOf('y')));
    ho.out.send(encodeMessage(versionOf('old', { protocolVersion: 4 })));
    await q.runUntil(q.now() + 100);
    // The node above sees the version messages, never a lab message.
    expect(hx.intoGot.length + hy.intoGot.length + ho.intoGot.length).toBe(3);
    hx.out.send(encodeLabControl(control()));
    hx.out.send(encodeLabControl(control())); // the same id again: not relayed twice
    await q.runUntil(q.now() + 100);
    expect(hx.intoGot).toHaveLength(1);
    expect(hy.outGot.map((g) => g.m[0])).toEqual([64]);
    expect(ho.outGot).toEqual([]);
    expect(hx.outGot).toEqual([]);
    expect(reported).toEqual(['x']);
    hub.conditions.broadcast(control({ id: new Uint8Array(16).fill(8) }));
    await q.runUntil(q.now() + 100);
    expect(reported).toEqual(['x', 'self']);
    expect(hx.outGot).toHaveLength(1);
    expect(hy.outGot).toHaveLength(2);
  });

  it('drop lab messages before the version and past the budget, and close a link that sends a malformed one', async () => {
    const { q, make } = world();
    const hub = make('hub');
    const x = make('x');
    const y = make('y');
    let reported = 0;
    hub.conditions.events.on('control', () => reported++);
    const hy = await linkUp(q, y.raw, hub.transport);
    // Before its version: dropped unread, the link left alone.
    hy.out.send(encodeLabControl(control({ id: new Uint8Array(16).fill(200) })));
    await q.runUntil(q.now() + 100);
    expect(reported).toBe(0);
    hy.out.send(encodeMessage(versionOf('y')));
    for (let i = 0; i < LAB_MESSAGES_PER_MINUTE + 10; i++) hy.out.send(encodeLabControl(control({ id: new Uint8Array(16).fill(i) })));
    await q.runUntil(q.now() + 100);
    expect(reported).toBe(LAB_MESSAGES_PER_MINUTE);
    const hx = await linkUp(q, x.raw as MemoryTransport, hub.transport);
    hx.out.send(encodeMessage(versionOf('x')));
    const bad = encodeLabControl(control());
    bad[49] = 9; // no such control kind
    hx.out.send(bad);
    await q.runUntil(q.now() + 100);
    expect(hx.out.open).toBe(false);
  });
});
