// Scenario 2 of the attack lab, the 51 % attack: rewriting history (Nakamoto, "Bitcoin", 2008,
// section 11). The attacker pays the victim on the public chain and waits until a block confirms
// it. Then it isolates its tab and mines a private branch from the block before that one; the
// branch's first block spends the same nonce again, paying the coins back to the attacker. With
// more hash rate than the rest of the class, the private branch soon has more work than the
// public chain. The attacker rejoins, the branch spreads by the nodes' ordinary sync, and every
// honest node reorganises onto it, because the most work is the rule: the victim's confirmed
// payment leaves the chain, and its nonce is now spent, so it is invalid for good.
//
// What the attacker does differently from an honest node is all here: it mines on a block that is
// not its tip, it keeps its blocks to itself until it is ahead, and it spends a nonce twice.
import { Emitter } from '../core/util/emitter';
import { encodeHeader } from '../core/primitives/header';
import { targetFromBits } from '../core/pow/compact';
import { createBlockTemplate } from '../core/mining/template';
import type { Block } from '../core/primitives/block';
import type { TransferTx } from '../core/primitives/tx';
import type { IndexEntry } from '../core/chain/header-index';
import type { NetworkParams } from '../core/protocol/networks';
import type { SimpleCoinNode } from '../node/node';
import { ConfirmationWatch, conflictingPair, txidHex, type LabPayer } from './confirmations';
import { LabTool } from './lab-tool';

/** A nonce search over an 80-byte header (the tab's mining workers; a plain loop in tests). */
export type NonceSearch = (header: Uint8Array, target: bigint) => Promise<{ nonce: number | null; hashesPerSec: number }>;

export interface RewriteDeps {
  node: Pick<SimpleCoinNode, 'chain' | 'submitTx' | 'submitBlock' | 'peerList'>;
  /** "Isolate me" of the lab's network controls. */
  isolate: (isolated: boolean) => void;
  search: NonceSearch;
  /** The clock, in seconds (block times). */
  now: () => number;
}

export interface RewriteRun {
  victimKey: string;
  amount: bigint;
  nonce: number;
  paymentTxid: string;
  conflictTxid: string;
  /** The block of the public chain that confirmed the payment (kept after a reorg takes it out). */
  paidIn: { height: number; blockHash: string } | null;
  /** The payment's confirmations on this tab's active chain now (0: not in it). */
  confirmations: number;
  /** The payment's confirmations when the reorg took it out (null while it has not). */
  undoneAt: number | null;
  /** Where the private branch leaves the public chain: the payment block's parent. */
  forkHeight: number | null;
  /** The private branch, oldest first; its first block holds the conflicting transfer. */
  branch: Array<{ height: number; blockHash: string }>;
  /** Work of the public chain as this tab last saw it, and of the private branch (expected hashes). */
  publicWork: bigint;
  branchWork: bigint;
  hashesPerSec: number;
  mining: boolean;
  released: boolean;
  /** This node's tip is the branch's last block: the chain it follows is the rewritten one. */
  rewritten: boolean;
}

export class HistoryRewrite extends LabTool {
  readonly events = new Emitter<{ change: RewriteRun }>();
  private run: RewriteRun | null = null;
  private conflict: TransferTx | null = null;
  private watch: ConfirmationWatch | null = null;
  private cancelled = false;

  constructor(
    params: NetworkParams,
    private readonly deps: RewriteDeps,
  ) {
    super(params, 'History rewrite');
  }

  get current(): RewriteRun | null {
    return this.run && this.snapshot(this.run);
  }

  /** Step 1: pays the victim in public (our mempool relays it), and signs the conflicting transfer for later. */
  pay(payer: LabPayer, victim: { nodeKey: string; address: string }, amount: bigint, fee: bigint): RewriteRun {
    this.watch?.stop();
    const { pay, back, nonce } = conflictingPair(payer, victim.address, amount, fee);
    this.conflict = back;
    const run: RewriteRun = {
      victimKey: victim.nodeKey,
      amount,
      nonce,
      paymentTxid: txidHex(pay),
      conflictTxid: txidHex(back),
      paidIn: null,
      confirmations: 0,
      undoneAt: null,
      forkHeight: null,
      branch: [],
      publicWork: this.deps.node.chain.tip.work,
      branchWork: 0n,
      hashesPerSec: 0,
      mining: false,
      released: false,
      rewritten: false,
    };
    this.run = run;
    this.watch = new ConfirmationWatch(this.deps.node.chain, new Set([run.paymentTxid, run.conflictTxid]), () => this.changed());
    this.deps.node.submitTx(pay);
    this.changed();
    return this.snapshot(run);
  }

  /**
   * Step 2: isolates this tab, then mines on the payment block's parent until the private branch
   * has more work than the public chain had (and `extra` blocks beyond, a margin against blocks
   * the class mines meanwhile). Each block goes to our own node only: with no peers, nobody hears.
   */
  async mineBranch(extra = 0, isolated: () => Promise<void> = async () => {}): Promise<RewriteRun> {
    const run = this.run;
    const paid = run?.paidIn;
    if (!run || !paid || !this.conflict) throw new Error('the payment has no confirmation on the public chain yet');
    const { chain } = this.deps.node;
    const paymentEntry = chain.index.get(paid.blockHash);
    const fork = paymentEntry?.parent;
    if (!fork) throw new Error('the payment block has no parent');
    this.deps.isolate(true);
    await isolated();
    run.forkHeight = fork.height;
    run.publicWork = chain.tip.work;
    run.mining = true;
    this.cancelled = false;
    this.changed();
    try {
      let parent: IndexEntry = run.branch.length ? (chain.index.get(run.branch.at(-1)!.blockHash) ?? fork) : fork;
      let beyond = 0;
      // An honest node neither stores nor passes on a branch with no more work than its tip (the
      // chain answers low-work): the blocks wait here, their headers indexed so each next block
      // has its parent, and go to the node together once the branch has the most work.
      const held: Block[] = [];
      while (!this.cancelled && beyond <= extra) {
        const block = await this.mineOn(parent, parent === fork ? [this.conflict] : [], run);
        if (!block) break;
        const { entries, error } = await chain.acceptHeaders([block.header]);
        if (error) throw error;
        parent = entries[0] as IndexEntry;
        held.push(block);
        run.branch.push({ height: parent.height, blockHash: parent.hashHex });
        run.branchWork = parent.work;
        if (parent.work > run.publicWork) {
          beyond++;
          for (const b of held.splice(0)) await this.deps.node.submitBlock(b);
        }
        this.changed();
      }
    } finally {
      run.mining = false;
      this.changed();
    }
    return this.snapshot(run);
  }

  /** Step 3: rejoins the class; the branch spreads by ordinary sync. */
  release(): void {
    if (!this.run) return;
    this.cancelled = true;
    this.run.released = true;
    this.deps.isolate(false);
    this.changed();
  }

  stop(): void {
    this.cancelled = true;
  }

  private async mineOn(parent: IndexEntry, txs: TransferTx[], run: RewriteRun): Promise<Block | null> {
    const { chain } = this.deps.node;
    const conflict = this.conflict as TransferTx;
    // The rewards go to the attacker too: the branch pays it twice over.
    for (let extraNonce = 0n; !this.cancelled; extraNonce++) {
      const block = createBlockTemplate({ params: this.params, parent: chain.templateParent(parent), txs, recipient: conflict.sender, now: this.deps.now(), extraNonce });
      const target = targetFromBits(block.header.bits);
      if (target === null) return null;
      const found = await this.deps.search(encodeHeader(block.header), target);
      if (found.hashesPerSec > 0) run.hashesPerSec = found.hashesPerSec;
      if (found.nonce !== null) {
        block.header.nonce = found.nonce;
        return block;
      }
    }
    return null;
  }

  private changed(): void {
    const run = this.run;
    if (!run) return;
    const paid = this.watch?.confirmation(run.paymentTxid);
    // The first block to confirm it on the public chain is the one the branch forks below.
    if (paid && !run.paidIn && run.forkHeight === null) run.paidIn = paid;
    this.events.emit('change', this.snapshot(run));
  }

  private snapshot(run: RewriteRun): RewriteRun {
    const undone = this.watch?.reversals.filter((r) => r.txid === run.paymentTxid).at(-1);
    const last = run.branch.at(-1);
    return {
      ...run,
      branch: [...run.branch],
      confirmations: this.watch?.confirmations(run.paymentTxid) ?? 0,
      undoneAt: undone ? undone.confirmations : null,
      rewritten: last !== undefined && this.onBranch(last.blockHash),
    };
  }

  private onBranch(hashHex: string): boolean {
    const entry = this.deps.node.chain.index.get(hashHex);
    return entry !== undefined && this.deps.node.chain.isActive(entry);
  }
}
