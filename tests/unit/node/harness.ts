// In-memory nodes on a MemoryNetwork: a small network in one process. The fakes they run with are
// sim/fakes.ts's (and node/runtime.ts's real timers), shared with the simulator.
import { sha256 } from '@noble/hashes/sha2.js';
import { seededRandom } from '../../../sim/fakes';
import { realTimers } from '../../../src/node/runtime';
import { SimpleCoinNode, type NodeOptions } from '../../../src/node/node';
import { MemoryNetwork, memorySignaling, type MemoryNetworkOptions, type MemoryTransport } from '../../../src/net/memory-transport';
import { EventQueue } from '../../../sim/events';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import type { Timers } from '../../../src/core/util/timers';
import { testClock } from '../core/helpers';

export { MapSettings, notFound as noServer, seededRandom } from '../../../sim/fakes';
export { realTimers } from '../../../src/node/runtime';

/** Names nodes made without an id: n0, n1, … */
let counter = 0;

export interface TestNode {
  node: SimpleCoinNode;
  store: MemoryChainStore;
  transport: MemoryTransport | null;
}

export async function makeNode(net: MemoryNetwork, params: NetworkParams = REGTEST, o: { id?: string; start?: boolean; secretOf?: string; store?: MemoryChainStore; now?: () => number; timers?: Timers; options?: Partial<NodeOptions> } = {}): Promise<TestNode> {
  const name = o.id ?? `n${counter++}`;
  const store = o.store ?? new MemoryChainStore();
  const holder: TestNode = { node: null as unknown as SimpleCoinNode, store, transport: null };
  holder.node = await SimpleCoinNode.open({
    params,
    store,
    now: o.now ?? testClock,
    chooseSignaling: memorySignaling,
    timers: o.timers ?? realTimers,
    random: seededRandom(name),
    nodeSecret: sha256(utf8(`node ${o.secretOf ?? name}`)),
    software: 'SimpleCoin/test',
    openTransport: async () => (holder.transport = net.createTransport(name)),
    claimRendezvous: async (_c, id) => {
      try {
        return net.createTransport(id);
      } catch {
        return null;
      }
    },
    ...o.options,
  });
  // On simulated timers the network starts as the queue runs (untilSimulated), as in the simulator.
  if (o.start !== false && o.timers) void holder.node.startNetwork();
  else if (o.start !== false) await holder.node.startNetwork();
  return holder;
}

/**
 * A simulated world (sim/events.ts): every node timer and every link delivery on one deterministic
 * event queue, so a test waits for simulated time, not the machine's. Give makeNode its timers.
 */
export function simulated(options: Omit<MemoryNetworkOptions, 'scheduler' | 'now'> = {}): { q: EventQueue; net: MemoryNetwork } {
  const q = new EventQueue();
  return { q, net: new MemoryNetwork({ ...options, scheduler: (fn, ms) => q.setTimeout(fn, ms), now: () => q.now() }) };
}

/** Runs the queue until cond holds; fails after ms of simulated time. */
export async function untilSimulated(q: EventQueue, cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const end = q.now() + ms;
  while (!cond()) {
    if (q.now() >= end) throw new Error(`timed out waiting for ${what} (simulated ${ms} ms)`);
    await q.runUntil(q.now() + 10);
  }
}

export async function until(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Real timers whose clock can be moved forward, to pass a timeout without waiting for it. */
export function skewedTimers(): Timers & { skip(ms: number): void } {
  let skew = 0;
  return { ...realTimers, now: () => performance.now() + skew, skip: (ms) => (skew += ms) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
