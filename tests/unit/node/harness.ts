// In-memory nodes on a MemoryNetwork, with real timers: a small network in one process.
import { sha256 } from '@noble/hashes/sha2.js';
import { SimpleCoinNode, type NodeOptions } from '../../../src/node/node';
import { MemoryNetwork, memorySignaling, type MemoryTransport } from '../../../src/net/memory-transport';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import type { Timers } from '../../../src/core/util/timers';
import type { SettingsStore } from '../../../src/storage/settings';
import { testClock } from '../core/helpers';

export class MapSettings implements SettingsStore {
  readonly map = new Map<string, string>();
  get(k: string) {
    return this.map.get(k) ?? null;
  }
  set(k: string, v: string | null) {
    if (v === null) this.map.delete(k);
    else this.map.set(k, v);
  }
}

export const realTimers: Timers = { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

let counter = 0;
export const seededRandom = (seed: string) => {
  let state = sha256(utf8(seed));
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 32) {
      state = sha256(state);
      out.set(state.subarray(0, Math.min(32, n - i)), i);
    }
    return out;
  };
};

export const noServer = (async () => new Response('', { status: 404 })) as typeof fetch;

export interface TestNode {
  node: SimpleCoinNode;
  store: MemoryChainStore;
  transport: MemoryTransport | null;
}

export async function makeNode(net: MemoryNetwork, params: NetworkParams = REGTEST, o: { id?: string; start?: boolean; secretOf?: string; store?: MemoryChainStore; now?: () => number; options?: Partial<NodeOptions> } = {}): Promise<TestNode> {
  const name = o.id ?? `n${counter++}`;
  const store = o.store ?? new MemoryChainStore();
  const holder: TestNode = { node: null as unknown as SimpleCoinNode, store, transport: null };
  holder.node = await SimpleCoinNode.open({
    params,
    store,
    now: o.now ?? testClock,
    chooseSignaling: memorySignaling,
    timers: realTimers,
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
  if (o.start !== false) await holder.node.startNetwork();
  return holder;
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
