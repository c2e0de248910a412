// What the learn lessons may ask of this tab's node: its real blocks, their rule verdicts, its
// peers and mempool, the worker miner and a throwaway lesson network. Read-only towards the real
// chain: a lesson never submits anything to it. The lesson network and the miner load on first
// use, so the code stays out of the initial bundle.
import type { BrowserNode } from '../node/browser';
import type { LessonNetwork } from '../node/lesson-network';
import type { LessonMiner } from '../node/lesson-miner';
import { templateOnTip } from '../node/regtest-miner';
import { Explorer, type ForkNode } from '../node/explorer';
import type { PeerView } from '../node/p2p/network';
import type { Block } from '../core/primitives/block';
import type { BlockHeader } from '../core/primitives/header';
import type { NetworkParams } from '../core/protocol/networks';
import type { MempoolEntry } from '../core/mempool/mempool';
import { higherFeeRate } from '../core/mempool/mempool';
import { activeContext, editedContext, judgeBlock, type BlockContext, type Verdict } from './learn-verdict';

export type { LessonNetwork, LessonPeer, LessonReject } from '../node/lesson-network';
export type { SearchProgress, SearchResult } from '../node/lesson-miner';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class LearnLab {
  private miner: Promise<LessonMiner> | null = null;
  readonly explorer: Explorer;

  constructor(private readonly browserNode: BrowserNode) {
    this.explorer = new Explorer(browserNode.node);
  }

  get params(): NetworkParams {
    return this.browserNode.params;
  }

  get height(): number {
    return this.browserNode.node.chain.height;
  }

  /** A block of the active chain, decoded (a fresh copy the lesson may edit). */
  async block(height: number): Promise<Block> {
    const { chain } = this.browserNode.node;
    const entry = chain.active[Math.max(0, Math.min(height, chain.height))];
    if (!entry) throw new RangeError(`no block at height ${height}`);
    const block = await chain.loadBlock(entry);
    return { header: { ...block.header }, txs: block.txs.map((t) => ({ ...t })) };
  }

  header(height: number): BlockHeader {
    const entry = this.browserNode.node.chain.active[height];
    if (!entry) throw new RangeError(`no block at height ${height}`);
    return entry.header;
  }

  /** The context the node judged the block at this height in (state rules only for the tip). */
  context(height: number): Promise<BlockContext> {
    return activeContext(this.browserNode.node.chain, height, nowSeconds());
  }

  /** The context of a block whose ancestors are the learner's (possibly edited) copies. */
  editedContext(height: number, headerAt: (h: number) => BlockHeader): BlockContext {
    return editedContext(this.params, height, headerAt, nowSeconds());
  }

  judge(block: Block, ctx: BlockContext): Verdict {
    return judgeBlock(block, ctx, this.params);
  }

  /** The worker miner, started on first use. */
  miningWorkers(): Promise<LessonMiner> {
    return (this.miner ??= import('../node/lesson-miner').then((m) => m.LessonMiner.create()));
  }

  /** A new throwaway lesson network; the caller stops it. */
  async lessonNetwork(): Promise<LessonNetwork> {
    const { LessonNetwork } = await import('../node/lesson-network');
    return LessonNetwork.start(nowSeconds);
  }

  /** This tab's peers and its own tip. */
  peers(): { self: { height: number; tip: string }; peers: PeerView[] } {
    const { node } = this.browserNode;
    return { self: { height: node.chain.height, tip: node.chain.tip.hashHex }, peers: node.peerList().filter((p) => p.state === 'ready') };
  }

  /** The wallet's public side, if this browser has a wallet on this network. */
  async walletKey(): Promise<{ address: string; keyHex: string } | null> {
    const wallet = await this.browserNode.wallet();
    return wallet.exists ? { address: wallet.address, keyHex: wallet.keyHex } : null;
  }

  /** The mempool, best fee rate first (the order the miner takes them in). */
  mempoolByFeeRate(): MempoolEntry[] {
    return this.browserNode.node.mempool.entries().sort((a, b) => (higherFeeRate(a, b) ? -1 : higherFeeRate(b, a) ? 1 : 0));
  }

  /** The next block template, as this tab's miner would build it. */
  nextTemplate(recipient: Uint8Array): Block {
    const { chain, mempool } = this.browserNode.node;
    return templateOnTip(chain, mempool, recipient, nowSeconds());
  }

  forkTree(depth: number): ForkNode[] {
    return this.explorer.forkTree(depth);
  }

  series(count: number): ReturnType<Explorer['series']> {
    return this.explorer.series(count);
  }
}
