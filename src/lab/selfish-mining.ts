// Scenario 4 of the attack lab, selfish mining (Eyal & Sirer, "Majority is not enough", FC 2014),
// live on this tab's node. The attacker mines with real blocks and real proof of work, but on a
// chain of its own: a private in-memory Chain that follows the public chain and holds the blocks
// the attacker withholds. The decision of when to publish is SM1's (selfish-miner.ts). Publishing
// is handing the blocks to this tab's node, which takes them because they have more work than its
// tip and announces them to its peers like any block it connects: the honest nodes reorganise by
// their ordinary sync. A published block that is not ahead of the public chain (SM1's race and
// match) changes nothing here: an honest node fetches only a branch with more work than its tip
// and keeps the block it saw first on a tie (core/chain/header-batch.ts, activate.ts), so γ = 0.
//
// What the attacker does differently from an honest node is all here: it mines on a tip nobody
// else knows, keeps found blocks to itself, and lets them out only to waste honest work.
import { Emitter } from '../core/util/emitter';
import { Chain } from '../core/chain/chain';
import { MemoryChainStore } from '../core/chain/store';
import type { IndexEntry } from '../core/chain/header-index';
import { encodeHeader } from '../core/primitives/header';
import { targetFromBits } from '../core/pow/compact';
import { createBlockTemplate } from '../core/mining/template';
import type { NetworkParams } from '../core/protocol/networks';
import type { SimpleCoinNode } from '../node/node';
import { SelfishMiner, type SelfishDecision, type SelfishMove } from './selfish-miner';
import type { NonceSearch } from './history-rewrite';
import { LabTool } from './lab-tool';

export interface SelfishDeps {
  node: Pick<SimpleCoinNode, 'chain' | 'submitBlock'>;
  search: NonceSearch;
  /** Ends the running nonce search (its promise resolves with nonce null): the block to mine on changed. */
  stopSearch: () => void;
  /** The clock, in seconds (block times). */
  now: () => number;
  /** Who the attacker's coinbases pay. */
  recipient: Uint8Array;
}

export interface SelfishRun {
  /** The public tip's height when the run started: the counts below are of blocks above it. */
  startHeight: number;
  running: boolean;
  /** The private branch's lead over the public chain, and the blocks nobody else has seen. */
  lead: number;
  withheld: number;
  /** The most blocks held back at once. */
  mostWithheld: number;
  /** Blocks found: by the attacker, and by the honest miners (as this node connected them). */
  foundMine: number;
  foundHonest: number;
  /** The attacker's blocks handed to the network (they had more work than its tip). */
  released: number;
  /** Honest blocks this node disconnected when a released branch overtook them. */
  orphanedHonest: number;
  /** Blocks above startHeight on this node's active chain: the attacker's, and all. */
  mainMine: number;
  mainTotal: number;
  hashesPerSec: number;
  lastMove: SelfishMove | null;
  moves: Record<SelfishMove, number>;
}

const noMoves = (): Record<SelfishMove, number> => ({ withhold: 0, adopt: 0, race: 0, win: 0, match: 0 });

export class SelfishMining extends LabTool {
  readonly events = new Emitter<{ change: SelfishRun; move: { move: SelfishMove; published: number; sent: number }; failed: unknown }>();
  private run: SelfishRun | null = null;
  private privateChain: Chain | null = null;
  private strategy: SelfishMiner<IndexEntry> | null = null;
  private readonly mine = new Set<string>();
  private readonly honest = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe: Array<() => void> = [];
  private looping: Promise<void> | null = null;

  constructor(
    params: NetworkParams,
    private readonly deps: SelfishDeps,
  ) {
    super(params, 'Selfish mining');
  }

  get current(): SelfishRun | null {
    return this.run && this.snapshot(this.run);
  }

  /** Copies the public chain into a private one and mines on it until stop(); resolves when mining ends. */
  async start(): Promise<void> {
    if (this.run?.running) return;
    const { chain } = this.deps.node;
    const own = await Chain.open(this.params, new MemoryChainStore(), { now: this.deps.now });
    for (const entry of chain.activeFrom(1)) await own.submitBlock(await chain.loadBlock(entry));
    this.privateChain = own;
    this.strategy = new SelfishMiner<IndexEntry>(own.height);
    this.mine.clear();
    this.honest.clear();
    const run: SelfishRun = { startHeight: own.height, running: true, lead: 0, withheld: 0, mostWithheld: 0, foundMine: 0, foundHonest: 0, released: 0, orphanedHonest: 0, mainMine: 0, mainTotal: 0, hashesPerSec: 0, lastMove: null, moves: noMoves() };
    this.run = run;
    this.unsubscribe = [
      chain.events.on('connect', ({ entry }) => {
        if (entry.height > (this.run?.startHeight ?? Infinity) && !this.mine.has(entry.hashHex)) this.honest.add(entry.hashHex);
      }),
      chain.events.on('disconnect', ({ entry }) => {
        if (this.run && !this.mine.has(entry.hashHex)) this.run.orphanedHonest++;
      }),
      chain.events.on('tip', (tip) => void this.serial(() => this.onPublicTip(tip)).catch((error: unknown) => this.fail(error))),
    ];
    this.changed();
    this.looping = this.mineLoop().catch((error: unknown) => this.fail(error));
    return this.looping;
  }

  /**
   * Stops mining. A branch still ahead of the public chain is released (it wins, as SM1's end of a
   * run does); one that is not is given up.
   */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run?.running) return;
    run.running = false;
    this.deps.stopSearch();
    await this.looping;
    await this.serial(async () => {
      if (this.strategy) await this.apply(this.strategy.finish());
    });
    for (const off of this.unsubscribe.splice(0)) off();
    this.changed();
  }

  /** A block the node or the private chain refused, or a search that failed, ends the run and is reported. */
  private fail(error: unknown): void {
    const run = this.run;
    if (run) run.running = false;
    this.deps.stopSearch();
    for (const off of this.unsubscribe.splice(0)) off();
    this.events.emit('failed', error);
    this.changed();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async mineLoop(): Promise<void> {
    const run = this.run as SelfishRun;
    for (let extraNonce = 0n; run.running; extraNonce++) {
      const own = this.privateChain as Chain;
      const parent = own.tip;
      const block = createBlockTemplate({ params: this.params, parent: own.templateParent(parent), txs: [], recipient: this.deps.recipient, now: this.deps.now(), extraNonce });
      const target = targetFromBits(block.header.bits);
      if (target === null) throw new Error('the network target does not decode');
      const found = await this.deps.search(encodeHeader(block.header), target);
      if (found.hashesPerSec > 0) run.hashesPerSec = found.hashesPerSec;
      if (found.nonce === null) continue;
      block.header.nonce = found.nonce;
      await this.serial(async () => {
        // A public block came while this one was searched: it builds on a tip the attacker has left.
        if (own.tip !== parent || !run.running) return;
        const result = await own.submitBlock(block);
        if (result !== 'connected') throw new Error(`the private chain did not take its own block: ${result}`);
        const entry = own.tip;
        this.mine.add(entry.hashHex);
        run.foundMine++;
        await this.apply((this.strategy as SelfishMiner<IndexEntry>).onOwnBlock(entry));
      });
    }
  }

  /** The node's tip moved: an honest block (or our own release coming back as the node's tip). */
  private async onPublicTip(tip: IndexEntry): Promise<void> {
    const own = this.privateChain;
    if (!own || !this.strategy || !this.run?.running) return this.changed();
    // The private chain learns the public blocks it lacks, oldest first (it keeps its own tip on a tie).
    const path: IndexEntry[] = [];
    for (let e: IndexEntry | null = tip; e && !own.index.get(e.hashHex)?.hasData; e = e.parent) path.push(e);
    const { chain } = this.deps.node;
    const before = own.tip;
    for (const e of path.reverse()) await own.submitBlock(await chain.loadBlock(e));
    if (!this.mine.has(tip.hashHex)) await this.apply(this.strategy.onPublicBlock(tip.height));
    if (own.tip !== before) this.deps.stopSearch();
    this.changed();
  }

  /** Carries out SM1's decision: the published blocks go to this tab's node if they put it ahead. */
  private async apply(decision: SelfishDecision<IndexEntry>): Promise<void> {
    const run = this.run as SelfishRun;
    const own = this.privateChain as Chain;
    run.moves[decision.move]++;
    run.lastMove = decision.move;
    const top = decision.publish.at(-1);
    let sent = 0;
    const { chain } = this.deps.node;
    if (top && top.work > chain.tip.work) {
      // Everything the node lacks up to top, published earlier (a match) or now.
      const path: IndexEntry[] = [];
      for (let e: IndexEntry | null = top; e && !chain.index.get(e.hashHex)?.hasData; e = e.parent) path.push(e);
      path.reverse();
      const { error } = await chain.acceptHeaders(path.map((e) => e.header));
      if (error) throw error;
      for (const e of path) await this.deps.node.submitBlock(await own.loadBlock(e));
      sent = path.length;
      run.released += sent;
    }
    this.events.emit('move', { move: decision.move, published: decision.publish.length, sent });
    this.changed();
  }

  private changed(): void {
    if (this.run) this.events.emit('change', this.snapshot(this.run));
  }

  private snapshot(run: SelfishRun): SelfishRun {
    const main = this.deps.node.chain.activeFrom(run.startHeight + 1);
    const withheld = this.strategy?.withheld.length ?? 0;
    run.mostWithheld = Math.max(run.mostWithheld, withheld);
    return {
      ...run,
      moves: { ...run.moves },
      lead: this.strategy?.lead ?? 0,
      withheld,
      foundHonest: this.honest.size,
      mainMine: main.filter((e) => this.mine.has(e.hashHex)).length,
      mainTotal: main.length,
    };
  }
}
