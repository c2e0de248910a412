// A simulated network of real nodes: SimpleCoinNode (chain, mempool, peer pool, sync, relay) over
// the in-memory transport, on simulated time, with link latency, bandwidth, loss and partitions.
import { sha256 } from '@noble/hashes/sha2.js';
import { SimpleCoinNode } from '../src/node/node';
import { MemoryNetwork, memorySignaling } from '../src/net/memory-transport';
import { seededRandom } from './fakes';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { blockHash } from '../src/core/primitives/block';
import { toHex, utf8 } from '../src/core/encoding/bytes';
import { publicKeyOf } from '../src/core/primitives/tx';
import { EventQueue, prng } from './events';

export interface Scenario {
  name: string;
  nodes: number;
  seed: number;
  blocks: number;
  /** Mean seconds between blocks (mining is a Poisson process over all nodes). */
  intervalS: number;
  /** Link one-way latency: log-normal with this median (ms) and shape. */
  latencyMedianMs: number;
  latencySigma: number;
  /** Link bandwidth in bits per second. */
  bandwidthBps: number;
  /** Probability that a chunk is lost once (a reliable channel retransmits after ~2 × latency). */
  loss: number;
  /** Bytes a block message stands for on the wire (transactions not simulated one by one). */
  blockBytes: number;
  /** Time to validate a block before relaying it, per hop. */
  validateMs: number;
  /** Split the network in two for a while, from after this many blocks. */
  partition?: { afterBlock: number; durationS: number };
}

const BLOCK_MESSAGE = 13;

export interface SimResult {
  scenario: string;
  nodes: number;
  blocks: number;
  arrivalP50s: number;
  arrivalP95s: number;
  arrivalP99s: number;
  reachAllP50s: number;
  reachAllP95s: number;
  staleRate: number;
  convergeAfterHealS: number | null;
  simulatedHours: number;
  wallSeconds: number;
  events: number;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

export async function simulate(sc: Scenario): Promise<SimResult> {
  const wallStart = performance.now();
  const q = new EventQueue();
  const rand = prng(sc.seed);
  const baseTime = REGTEST.genesis.header.time + 1_000;
  const nowS = () => baseTime + Math.floor(q.now() / 1000);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const linkLatency = new Map<string, number>();
  const latencyOf = (from: string, to: string) => {
    const key = from < to ? `${from}|${to}` : `${to}|${from}`;
    let l = linkLatency.get(key);
    if (l === undefined) linkLatency.set(key, (l = sc.latencyMedianMs * Math.exp(sc.latencySigma * normal())));
    return l;
  };
  const net = new MemoryNetwork({
    scheduler: (fn, ms) => q.setTimeout(fn, ms),
    now: () => q.now(),
    discovery: false,
    latencyMs: (from, to, chunk) => {
      // A block message (frame length, then type 13) stands for a full block: it takes the time
      // to send blockBytes, and the receiver validates it before relaying.
      const isBlock = chunk !== null && chunk.length > 4 && chunk[4] === BLOCK_MESSAGE;
      const bytes = isBlock ? Math.max(sc.blockBytes, chunk.length) : (chunk?.length ?? 0);
      let d = latencyOf(from, to) + (bytes * 8 * 1000) / sc.bandwidthBps + (isBlock ? sc.validateMs : 0);
      while (rand() < sc.loss) d += 2 * latencyOf(from, to);
      return d;
    },
  });

  const ids = Array.from({ length: sc.nodes }, (_, i) => `s${i}`);
  const nodes: SimpleCoinNode[] = [];
  for (const [i, id] of ids.entries()) {
    const secret = sha256(utf8(`sim ${sc.seed} ${i}`));
    const seeds = Array.from({ length: 8 }, () => ids[Math.floor(rand() * ids.length)] as string).filter((s) => s !== id);
    const node = await SimpleCoinNode.open({
      params: REGTEST,
      store: new MemoryChainStore(),
      now: nowS,
      chooseSignaling: memorySignaling,
      timers: q,
      random: seededRandom(`${sc.seed}:${i}`),
      nodeSecret: secret,
      software: 'SimpleCoin/sim',
      pingIntervalMs: 120_000,
      openTransport: async () => net.createTransport(id),
      knownPeers: { load: async () => seeds.map((id) => ({ id, source: 'stored', tried: false, failures: 0, lastSuccess: 0 })), remember: () => {}, forget: () => {} },
    });
    nodes.push(node);
  }

  for (const n of nodes) void n.startNetwork();
  await q.runUntil(20_000); // connect

  const mined = new Map<string, number>();
  /** Blocks mined while split: they cannot reach the other half until it heals. */
  const splitBlocks = new Set<string>();
  const arrivals: number[] = [];
  const reachAll: number[] = [];
  const seen = new Map<string, number>();
  for (const n of nodes) {
    n.chain.events.on('connect', ({ entry }) => {
      const at = mined.get(entry.hashHex);
      if (at === undefined || splitBlocks.has(entry.hashHex)) return;
      arrivals.push((q.now() - at) / 1000);
      const count = (seen.get(entry.hashHex) ?? 0) + 1;
      seen.set(entry.hashHex, count);
      if (count === nodes.length) reachAll.push((q.now() - at) / 1000);
    });
  }

  /** A random node finds a block on its own tip (equal hash power everywhere) and submits it. */
  const mineAtRandomNode = async (duringSplit: boolean) => {
    const miner = nodes[Math.floor(rand() * nodes.length)] as SimpleCoinNode;
    const block = createBlockTemplate({ params: REGTEST, parent: miner.chain.templateParent(), txs: [], recipient: publicKeyOf(sha256(utf8(`miner ${mined.size}`))), now: nowS() });
    solveBlock(block);
    const hash = toHex(blockHash(block));
    mined.set(hash, q.now());
    if (duringSplit) splitBlocks.add(hash);
    await miner.submitBlock(block).catch(() => undefined);
  };

  let convergeAfterHealS: number | null = null;
  for (let b = 0; b < sc.blocks; b++) {
    const wait = -Math.log(1 - rand()) * sc.intervalS * 1000;
    await q.runUntil(q.now() + wait);
    await mineAtRandomNode(false);
    if (sc.partition && b === sc.partition.afterBlock) {
      const half = new Set(nodes.slice(0, nodes.length / 2).map((n) => n.nodeKeyHex));
      for (const n of nodes) {
        const mine = half.has(n.nodeKeyHex);
        n.p2p?.pool.setPartition((k) => half.has(k) === mine);
      }
      // Both sides keep mining through the split.
      const healAt = q.now() + sc.partition.durationS * 1000;
      while (q.now() < healAt) {
        await q.runUntil(Math.min(healAt, q.now() - Math.log(1 - rand()) * sc.intervalS * 1000));
        if (q.now() >= healAt) break;
        await mineAtRandomNode(true);
      }
      for (const n of nodes) n.p2p?.pool.setPartition(null);
      const healed = q.now();
      while (new Set(nodes.map((n) => n.chain.tip.hashHex)).size > 1 && q.now() - healed < 600_000) await q.runUntil(q.now() + 100);
      convergeAfterHealS = (q.now() - healed) / 1000;
    }
  }
  await q.runUntil(q.now() + 120_000); // let the last blocks spread
  const best = new Set(nodes[0]!.chain.activeFrom().map((e) => e.hashHex));
  const stale = [...mined.keys()].filter((h) => !best.has(h)).length;
  for (const n of nodes) n.stop();
  return {
    scenario: sc.name,
    nodes: sc.nodes,
    blocks: mined.size,
    arrivalP50s: +pct(arrivals, 50).toFixed(3),
    arrivalP95s: +pct(arrivals, 95).toFixed(3),
    arrivalP99s: +pct(arrivals, 99).toFixed(3),
    reachAllP50s: +pct(reachAll, 50).toFixed(3),
    reachAllP95s: +pct(reachAll, 95).toFixed(3),
    staleRate: +(stale / mined.size).toFixed(4),
    convergeAfterHealS,
    simulatedHours: +(q.now() / 3_600_000).toFixed(2),
    wallSeconds: +((performance.now() - wallStart) / 1000).toFixed(1),
    events: q.processed,
  };
}
