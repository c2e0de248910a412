// A simulated network of real nodes: SimpleCoinNode (chain, mempool, peer pool, sync, relay) over
// the in-memory transport, on simulated time, with link latency, bandwidth, loss and partitions.
import { sha256 } from '@noble/hashes/sha2.js';
import { SimpleCoinNode } from '../src/node/node';
import { memorySignaling } from '../src/net/memory-transport';
import { seededRandom } from './fakes';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { blockHash } from '../src/core/primitives/block';
import { toHex, utf8 } from '../src/core/encoding/bytes';
import { publicKeyOf } from '../src/core/primitives/tx';
import { EventQueue, prng } from './events';
import { TYPE_CODES } from '../src/core/p2p/messages';
import { SimulatedNetwork } from './simulated-network';

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

const BLOCK_MESSAGE = TYPE_CODES.block;
/** A compact block (protocol 4): its real size on the wire, validated before it is relayed. */
const COMPACT_BLOCK_MESSAGE = TYPE_CODES.cmpctblock;

export interface SimResult {
  scenario: string;
  nodes: number;
  blocks: number;
  arrivalP50s: number;
  arrivalP95s: number;
  arrivalP99s: number;
  reachAllP50s: number;
  reachAllP95s: number;
  /** The same over blocks that raced no sibling: a race's winner reaches the other side only with its child. */
  reachAllUncontestedP95s: number;
  staleRate: number;
  /**
   * The stale rate propagation predicts: a block goes stale when the next one is found by a node
   * that has not yet connected it, so with Poisson mining over equal nodes it is the mean over
   * arrivals (of blocks that raced no sibling) of 1 − e^(−delay/interval). Far steadier than a
   * count of stale blocks among 20.
   */
  staleExpected: number;
  convergeAfterHealS: number | null;
  simulatedHours: number;
  wallSeconds: number;
  events: number;
  /** Why some nodes lag: arrivals over SLOW_ARRIVAL_S, and the ready peers those nodes had. */
  lag: LagDiagnosis;
}

/** An arrival slower than this counts as lagging (the goal for every node is 2 s). */
export const SLOW_ARRIVAL_S = 2;

export interface LagDiagnosis {
  slowArrivals: number;
  /** Distinct nodes with at least one slow arrival. */
  slowNodes: number;
  /** Median ready peers of a slow node when its block arrived, against every node's median. */
  slowNodeReadyPeersP50: number;
  readyPeersP50: number;
  /** Nodes with no ready peer when a block was mined (summed over blocks). */
  isolatedAtMining: number;
  /** Stale blocks whose miner had not yet connected the best block mined before it. */
  staleByLaggingMiner: number;
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
  const net = new SimulatedNetwork({
    discovery: false,
    latencyMs: (from, to, chunk) => {
      // A block message (frame length, then type 13) stands for a full block: it takes the time
      // to send blockBytes, and the receiver validates it before relaying. A compact block (18)
      // is sent as it is (header, short ids, coinbase) and validated the same.
      const type = chunk !== null && chunk.length > 4 ? chunk[4] : -1;
      const isBlock = type === BLOCK_MESSAGE;
      const bytes = isBlock ? Math.max(sc.blockBytes, chunk!.length) : (chunk?.length ?? 0);
      let d = latencyOf(from, to) + (bytes * 8 * 1000) / sc.bandwidthBps + (isBlock || type === COMPACT_BLOCK_MESSAGE ? sc.validateMs : 0);
      while (rand() < sc.loss) d += 2 * latencyOf(from, to);
      return d;
    },
  }, q);

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
  /** Arrival delays by block, to tell a race's late arrivals from propagation. */
  const arrivalsOf = new Map<string, number[]>();
  const reachAll: number[] = [];
  const reachAllOf = new Map<string, number>();
  /** Each mined block's parent: two blocks of one parent raced. */
  const parentOf = new Map<string, string>();
  const seen = new Map<string, number>();
  const readyPeers = (n: SimpleCoinNode) => n.p2p?.pool.ready().length ?? 0;
  const slowNodes = new Set<SimpleCoinNode>();
  const slowPeerCounts: number[] = [];
  for (const n of nodes) {
    n.chain.events.on('connect', ({ entry }) => {
      const at = mined.get(entry.hashHex);
      if (at === undefined || splitBlocks.has(entry.hashHex)) return;
      arrivals.push((q.now() - at) / 1000);
      arrivalsOf.set(entry.hashHex, [...(arrivalsOf.get(entry.hashHex) ?? []), (q.now() - at) / 1000]);
      if ((q.now() - at) / 1000 > SLOW_ARRIVAL_S) {
        slowNodes.add(n);
        slowPeerCounts.push(readyPeers(n));
      }
      const count = (seen.get(entry.hashHex) ?? 0) + 1;
      seen.set(entry.hashHex, count);
      if (count === nodes.length) {
        reachAll.push((q.now() - at) / 1000);
        reachAllOf.set(entry.hashHex, (q.now() - at) / 1000);
      }
    });
  }

  let isolatedAtMining = 0;
  /** Blocks whose miner had not connected the best block mined before (it mined on a stale tip). */
  const minedBehind = new Set<string>();
  /** A random node finds a block on its own tip (equal hash power everywhere) and submits it. */
  const mineAtRandomNode = async (duringSplit: boolean) => {
    const miner = nodes[Math.floor(rand() * nodes.length)] as SimpleCoinNode;
    isolatedAtMining += nodes.filter((n) => readyPeers(n) === 0).length;
    const bestHeight = Math.max(...nodes.map((n) => n.chain.height));
    const block = createBlockTemplate({ params: REGTEST, parent: miner.chain.templateParent(), txs: [], recipient: publicKeyOf(sha256(utf8(`miner ${mined.size}`))), now: nowS() });
    solveBlock(block);
    const hash = toHex(blockHash(block));
    mined.set(hash, q.now());
    parentOf.set(hash, toHex(block.header.prevHash));
    if (miner.chain.height < bestHeight) minedBehind.add(hash);
    if (duringSplit) splitBlocks.add(hash);
    await miner.submitBlock(block).catch(() => undefined);
  };

  let convergeAfterHealS: number | null = null;
  for (let b = 0; b < sc.blocks; b++) {
    const wait = -Math.log(1 - rand()) * sc.intervalS * 1000;
    await q.runUntil(q.now() + wait);
    await mineAtRandomNode(false);
    // Long runs say where they are (stderr, so the table on stdout stays clean).
    if (sc.blocks >= 100 && (b + 1) % 20 === 0) console.error(`${sc.name}: ${b + 1}/${sc.blocks} blocks, ${((performance.now() - wallStart) / 1000).toFixed(0)} s wall`);
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
  const staleHashes = [...mined.keys()].filter((h) => !best.has(h));
  const siblings = new Map<string, number>();
  for (const parent of parentOf.values()) siblings.set(parent, (siblings.get(parent) ?? 0) + 1);
  const raced = (h: string) => siblings.get(parentOf.get(h)!) !== 1;
  const uncontested = [...reachAllOf].filter(([h]) => !raced(h)).map(([, s]) => s);
  // Propagation alone predicts the stale rate; a race's late arrivals are its effect, not its cause.
  const propagation = [...arrivalsOf].filter(([h]) => !raced(h)).flatMap(([, ds]) => ds);
  const stale = staleHashes.length;
  const lag: LagDiagnosis = {
    slowArrivals: slowPeerCounts.length,
    slowNodes: slowNodes.size,
    slowNodeReadyPeersP50: pct(slowPeerCounts, 50),
    readyPeersP50: pct(nodes.map(readyPeers), 50),
    isolatedAtMining,
    staleByLaggingMiner: staleHashes.filter((h) => minedBehind.has(h)).length,
  };
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
    reachAllUncontestedP95s: +pct(uncontested, 95).toFixed(3),
    staleRate: +(stale / mined.size).toFixed(4),
    staleExpected: +(propagation.reduce((sum, d) => sum + 1 - Math.exp(-d / sc.intervalS), 0) / Math.max(1, propagation.length)).toFixed(4),
    convergeAfterHealS,
    simulatedHours: +(q.now() / 3_600_000).toFixed(2),
    wallSeconds: +((performance.now() - wallStart) / 1000).toFixed(1),
    events: q.processed,
    lag,
  };
}
