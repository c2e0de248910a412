// A throwaway lesson network inside this tab: a few real nodes (the same SimpleCoinNode, chain,
// mempool and p2p code as the tab's own node) on regtest rules, joined by in-memory links. The
// learn lessons send them tampered blocks, split them and rejoin them; nothing here touches the
// tab's real chain, its real peers or its storage, and it works offline.
import { utils as secpUtils } from '@noble/secp256k1';
import { MemoryNetwork, memorySignaling } from '../net/memory-transport';
import { MemoryChainStore } from '../core/chain/store';
import { REGTEST, type NetworkParams } from '../core/protocol/networks';
import { encodeBlock, type Block } from '../core/primitives/block';
import { SimpleCoinNode } from './node';
import { cryptoRandom, realTimers } from './runtime';
import { RefusalLog, type Refusal } from './refusal-log';
import type { Timers } from '../core/util/timers';


export interface LessonPeer {
  name: string;
  node: SimpleCoinNode;
  /** Where this node's mined rewards go: its own, so two nodes never mine the same block. */
  rewardKey: Uint8Array;
  /** What this node refused, newest first (its reject log). */
  rejected: readonly Refusal[];
  /** The last reorganisation: how many blocks the heavier branch replaced. */
  lastReorg: { depth: number; at: number } | null;
}

/** At most this many entries per reject log: a lesson shows the last few. */
const REJECT_LOG = 20;

/** One-way delay of the in-memory links, in ms. */
export const LINK_LATENCY_MS = 5;

export const LESSON_PEER_NAMES = ['you', 'Ada', 'Ben', 'Cleo'] as const;

/** The links and the clock the lesson nodes run on. */
export interface LessonWorld {
  medium: MemoryNetwork;
  timers: Timers;
}

// Each chunk is its own task after a short delay, as on a real link: delivered as microtasks, a
// handshake cascade between four nodes would run as one long task and freeze the page.
const tabWorld = (): LessonWorld => ({ medium: new MemoryNetwork({ scheduler: (fn, ms) => void setTimeout(fn, ms), latencyMs: () => LINK_LATENCY_MS }), timers: realTimers });

export class LessonNetwork {
  readonly params: NetworkParams = REGTEST;
  private partitioned = false;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly peers: LessonPeer[],
    private readonly medium: MemoryNetwork,
  ) {}

  /**
   * Starts the nodes one after another, so each later one finds the earlier ones. They run in
   * `world`: the tab's clock and links by default, a simulated network's in the unit tests.
   */
  static async start(now: () => number, names: readonly string[] = LESSON_PEER_NAMES, world: LessonWorld = tabWorld()): Promise<LessonNetwork> {
    const peers: LessonPeer[] = [];
    const net = new LessonNetwork(peers, world.medium);
    for (const name of names) {
      const node = await SimpleCoinNode.open({
        params: REGTEST,
        chooseSignaling: memorySignaling,
        now,
        store: new MemoryChainStore(),
        timers: world.timers,
        random: cryptoRandom,
        nodeSecret: secpUtils.randomSecretKey(),
        software: `SimpleCoin/lesson-${name}`,
        openTransport: async () => net.medium.createTransport(`lesson-${name}`),
      });
      const peer: LessonPeer = { name, node, rewardKey: crypto.getRandomValues(new Uint8Array(32)), rejected: [], lastReorg: null };
      const refusals = new RefusalLog(REJECT_LOG);
      node.events.on('rejected', ({ kind, id, error }) => {
        peer.rejected = refusals.add(kind, id, error, Date.now());
        net.changed();
      });
      let disconnected = 0;
      node.chain.events.on('disconnect', () => disconnected++);
      node.events.on('tip', () => {
        if (disconnected > 0) peer.lastReorg = { depth: disconnected, at: Date.now() };
        disconnected = 0;
        net.changed();
      });
      node.events.on('peers', () => net.changed());
      peers.push(peer);
      await node.startNetwork();
    }
    return net;
  }

  get you(): LessonPeer {
    return this.peers[0] as LessonPeer;
  }

  get others(): LessonPeer[] {
    return this.peers.slice(1);
  }

  get isolated(): boolean {
    return this.partitioned;
  }

  /** Called on any tip, peer or reject-log change of any lesson node. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Mines regtest blocks on one node (a couple of hashes each), paying `recipient`. */
  async mine(peer: LessonPeer, count: number, recipient: Uint8Array = peer.rewardKey): Promise<number> {
    let mined = 0;
    for (let i = 0; i < count; i++) {
      // One block per task: the page stays responsive while several nodes check each block.
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      mined += await peer.node.mineRegtestBlocks(1, recipient);
    }
    return mined;
  }

  /** Sends a block from "you" to every connected lesson peer, as a block message on the real p2p code. */
  sendBlock(block: Block): number {
    const bytes = encodeBlock(block);
    const sessions = this.you.node.p2p?.pool.ready() ?? [];
    for (const s of sessions) s.send({ type: 'block', bytes });
    return sessions.length;
  }

  /** Cuts "you" off from every other lesson node (their pools refuse each other), or heals it. */
  setIsolated(isolated: boolean): void {
    this.partitioned = isolated;
    const youKey = this.you.node.nodeKeyHex;
    this.you.node.p2p?.pool.setPartition(isolated ? () => false : null);
    for (const p of this.others) p.node.p2p?.pool.setPartition(isolated ? (key) => key !== youKey : null);
    this.changed();
  }

  /** Ready sessions of a lesson node. */
  connections(peer: LessonPeer): number {
    return peer.node.peerList().filter((p) => p.state === 'ready').length;
  }

  stop(): void {
    for (const p of this.peers) p.node.stop();
    this.listeners.clear();
  }
}
