// The lab's network controls on real nodes (SimpleCoinNode: pool, handshake, sync) over the
// in-memory transport, each node's transport wrapped in its NetworkConditions, on simulated time.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import type { SimpleCoinNode } from '../../../src/node/node';
import { classroomNetwork, MAIN, NotALabError, REGTEST } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import { NetworkConditions } from '../../../src/net/conditions';
import { balancedSeed, LabNetworkControls, splitSide, SPLIT_GRACE_MS } from '../../../src/lab/network-controls';
import { labNodeOf } from '../../../src/lab/lab-node';
import { EventQueue } from '../../../sim/events';
import { readyPeers, startLabClass } from './lab-class';

const LAB = classroomNetwork('lab-controls');

async function labClass(size: number) {
  const lab = await startLabClass(LAB, Array.from({ length: size }, (_, i) => `m${i}`));
  return { q: lab.q, members: lab.members.map((m) => ({ ...m, controls: new LabNetworkControls(LAB, labNodeOf(m.node), m.conditions, lab.q, lab.random) })) };
}

const readyKeys = (node: SimpleCoinNode) => readyPeers(node).map((p) => p.nodeKey);

describe('lab network controls', () => {
  it('refuse to run on main, regtest or an ordinary class', () => {
    const q = new EventQueue();
    const conditions = new NetworkConditions(LAB, q, Math.random);
    const node = { nodeKeyHex: '00'.repeat(32), peers: () => [], setPartition: () => {}, onPeers: () => () => {} };
    for (const p of [MAIN, REGTEST, classroomNetwork('physics')]) expect(() => new LabNetworkControls(p, node, conditions, q, (n) => new Uint8Array(n)), p.name).toThrow(NotALabError);
  });

  it('choose a split seed that halves the members it knows', () => {
    const keys = Array.from({ length: 6 }, (_, i) => sha256(utf8(`k${i}`)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''));
    const seed = balancedSeed(keys, 12345);
    expect(keys.filter((k) => splitSide(seed, k) === 1)).toHaveLength(3);
  });

  it('split the class in two, so no member keeps a peer on the other side, and rejoin when the split ends', async () => {
    const { q, members } = await labClass(6);
    for (const m of members) expect(readyKeys(m.node).length, 'connected before').toBeGreaterThan(0);
    members[0]!.controls.splitClass(120);
    await q.runUntil(q.now() + SPLIT_GRACE_MS + 30_000);
    const split = members[0]!.controls.splitState!;
    const sideOf = (key: string) => splitSide(split.seed, key);
    expect(new Set(members.map((m) => sideOf(m.node.nodeKeyHex)))).toEqual(new Set([0, 1]));
    for (const m of members) {
      // Every member heard of it and applied it, and kept peers only on its own side.
      expect(m.controls.splitState?.seed).toBe(split.seed);
      const mine = sideOf(m.node.nodeKeyHex);
      expect(readyKeys(m.node).every((k) => sideOf(k) === mine), m.node.nodeKeyHex).toBe(true);
    }
    await q.runUntil(q.now() + 120_000);
    for (const m of members) expect(m.controls.splitState).toBeNull();
    await q.runUntil(q.now() + 60_000);
    const across = members.some((m) => readyKeys(m.node).some((k) => sideOf(k) !== sideOf(m.node.nodeKeyHex)));
    expect(across, 'links across the old split again').toBe(true);
    for (const m of members) m.node.stop();
  }, 120_000);

  it('isolate me: the member loses every peer, the others are told, and it comes back when it ends', async () => {
    const { q, members } = await labClass(3);
    const [me, other] = members;
    me!.controls.setLatency(150);
    me!.controls.isolateMe(true);
    await q.runUntil(q.now() + 5_000);
    expect(readyKeys(me!.node)).toEqual([]);
    expect(readyKeys(other!.node)).not.toContain(me!.node.nodeKeyHex);
    expect(other!.controls.memberList()).toEqual([expect.objectContaining({ key: me!.node.nodeKeyHex, isolated: true, latencyMs: 150 })]);
    me!.controls.isolateMe(false);
    await q.runUntil(q.now() + 60_000);
    expect(readyKeys(me!.node).length).toBeGreaterThan(0);
    expect(other!.controls.memberList()[0]).toMatchObject({ isolated: false });
    for (const m of members) m.node.stop();
  }, 120_000);
});
