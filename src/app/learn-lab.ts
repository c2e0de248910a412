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
import { higherFeeRate } from '../core/mempool/eviction';
import { activeContext, editedContext, judgeBlock, judgeRun, judgeTransfer, tipContext, verdictOf, VALID, type BlockContext, type Verdict } from './learn-verdict';
import { tamper, whatIf, type Tamper, type WhatIfPoint, type WhatIfStart } from './learn-exhibits';
import { targetFromBits, workFromTarget } from '../core/pow/compact';
import { utils as secpUtils } from '@noble/secp256k1';
import { publicKeyOf, signTransfer, TX_KIND_TRANSFER, type TransferTx } from '../core/primitives/tx';
import { toHex } from '../core/encoding/bytes';
import { COIN, MIN_TX_FEE } from '../core/protocol/consensus';

export type { LessonNetwork, LessonPeer } from '../node/lesson-network';
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
    const entry = chain.entryAt(Math.max(0, Math.min(height, chain.height)));
    const block = await chain.loadBlock(entry);
    return { header: { ...block.header }, txs: block.txs.map((t) => ({ ...t })) };
  }

  header(height: number): BlockHeader {
    return this.browserNode.node.chain.entryAt(height).header;
  }

  /** The context the node judged the block at this height in (state rules only for the tip). */
  context(height: number): Promise<BlockContext> {
    return activeContext(this.browserNode.node.chain, height, nowSeconds());
  }

  /** The context of a block whose ancestors above `baseHeight` are the learner's (possibly edited) copies. */
  editedContext(height: number, headerAt: (h: number) => BlockHeader, baseHeight: number): BlockContext {
    const { chain } = this.browserNode.node;
    const base = { height: baseHeight, anchor: chain.templateParent(chain.entryAt(baseHeight)).anchor };
    return editedContext(this.params, height, headerAt, nowSeconds(), base);
  }

  judge(block: Block, ctx: BlockContext): Verdict {
    return judgeBlock(block, ctx, this.params);
  }

  judgeRun(blocks: Block[], contexts: BlockContext[]): Verdict[] {
    return judgeRun(blocks, contexts, this.params);
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

  /** A forgery of the next block on the lesson network's "you", and what the rules say about it. */
  forge(net: LessonNetwork, how: Tamper): { block: Block; verdict: Verdict } {
    const { chain, mempool } = net.you.node;
    const block = tamper(templateOnTip(chain, mempool, net.you.rewardKey, nowSeconds()), how);
    return { block, verdict: judgeBlock(block, tipContext(chain, nowSeconds()), chain.params) };
  }

  /** The fork tree of a lesson node. */
  lessonForkTree(node: LessonNetwork['you'], depth: number): ForkNode[] {
    return new Explorer(node.node).forkTree(depth);
  }

  /** A key pair made for a lesson in this tab; its secret never leaves this object's caller. */
  lessonKey(): { secret: Uint8Array; publicKey: Uint8Array } {
    const secret = secpUtils.randomSecretKey();
    return { secret, publicKey: publicKeyOf(secret) };
  }

  judgeTransfer(tx: TransferTx): Verdict {
    return judgeTransfer(tx, this.params);
  }

  /** Signs a 1-coin transfer from a lesson key with the sender's next nonce (on the lesson network). */
  lessonTransfer(net: LessonNetwork, key: { secret: Uint8Array; publicKey: Uint8Array }, to: Uint8Array): TransferTx {
    const nonce = net.you.node.mempool.nextNonce(toHex(key.publicKey));
    return signTransfer({ kind: TX_KIND_TRANSFER, chainId: net.params.genesisHash, sender: key.publicKey, recipient: to, amount: COIN, fee: 10n * MIN_TX_FEE, nonce, memo: new Uint8Array(0) }, key.secret);
  }

  /** Offers raw transaction bytes to the lesson network's "you", as a peer's tx message would. */
  submitLessonTx(net: LessonNetwork, bytes: Uint8Array): Verdict {
    try {
      net.you.node.submitRawTx(bytes);
      return VALID;
    } catch (error) {
      return verdictOf(error);
    }
  }

  /** Where the tab's chain stands for the difficulty rule, and the hash rate its recent blocks imply. */
  difficultyNow(): { start: WhatIfStart; hashesPerSec: number } {
    const { chain } = this.browserNode.node;
    const tip = chain.tip;
    const recent = this.series(10);
    const rate = recent.length ? recent.reduce((n, s) => n + s.hashRate, 0) / recent.length : Number(workFromTarget(targetFromBits(chain.bitsAfter(tip)) ?? 1n)) / this.params.spacing;
    return { start: { height: tip.height, time: tip.header.time, anchor: chain.templateParent(tip).anchor }, hashesPerSec: rate };
  }

  /** The next `count` blocks if this network's hash rate were `factor` times what it is. */
  whatIf(factor: number, count: number): WhatIfPoint[] {
    const { start, hashesPerSec } = this.difficultyNow();
    return whatIf(this.params, start, hashesPerSec * factor, count);
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
