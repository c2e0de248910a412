// Mining for a node: builds block templates from the chain and mempool, hands them to a miner
// backend (the worker pool), rebuilds within 100 ms of a new tip or a better mempool, rolls the
// extra nonce when the nonce space runs out, and submits found blocks like any other block.
import { Emitter } from '../core/util/emitter';
import { encodeHeader } from '../core/primitives/header';
import { targetFromBits, workFromTarget } from '../core/pow/compact';
import { VerifyError } from '../core/protocol/verify-error';
import { MAX_FUTURE_SPACINGS } from '../core/protocol/consensus';
import type { TemplateBlock } from '../core/mining/template';
import type { MinerBackend, WorkerStats } from '../workers/miner-pool';
import type { SimpleCoinNode } from './node';
import { CodedError } from '../core/protocol/coded-error';

export const MINING_ERRORS = ['mining-no-recipient', 'mining-read-only'] as const;

/** Why mining cannot start. */
export class MiningError extends CodedError<(typeof MINING_ERRORS)[number]> {
  override name = 'MiningError';
}
import { templateOnTip } from './regtest-miner';
import { raiseUncaught } from '../core/util/fault';
import { StorageFullError } from '../storage/chain-db';

export const REBUILD_DELAY_MS = 20;
/** Mempool changes rebuild the template at most this often. */
export const MEMPOOL_REBUILD_MS = 2_000;
/** Refresh the header time this often even when nothing else changed. */
export const TIME_REFRESH_MS = 20_000;
/** Templates stay this far inside the future limit, so a block still counts when it arrives. */
export const FUTURE_MARGIN_S = 60;

export interface MiningStats {
  running: boolean;
  workers: WorkerStats[];
  totalHashesPerSec: number;
  /** Expected seconds to find a block at this rate and the current target. */
  expectedSeconds: number | null;
  blocksFound: number;
  rewards: bigint;
  /** The current target and the best hash seen for this template (its first 32 bits). */
  targetHex: string;
  bestWord: number | null;
  height: number;
  lastError: string;
}

export class MiningController {
  readonly events = new Emitter<{ stats: MiningStats }>();
  private running = false;
  private jobId = 0;
  private block: TemplateBlock | null = null;
  private extraNonce = 0n;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastBuild = 0;
  private workers: WorkerStats[] = [];
  private best: number | null = null;
  private blocksFound = 0;
  private rewards = 0n;
  private lastError = '';

  constructor(
    private readonly node: SimpleCoinNode,
    readonly backend: MinerBackend,
    private recipient: Uint8Array | null,
  ) {
    node.chain.events.on('tip', () => this.schedule(REBUILD_DELAY_MS));
    node.mempool.events.on('added', () => this.schedule(Math.max(REBUILD_DELAY_MS, this.lastBuild + MEMPOOL_REBUILD_MS - Date.now())));
  }

  get isRunning(): boolean {
    return this.running;
  }

  setRecipient(key: Uint8Array): void {
    this.recipient = key;
    if (this.running) this.schedule(REBUILD_DELAY_MS);
  }

  start(): void {
    if (!this.recipient) throw new MiningError('mining-no-recipient', 'Choose where rewards go (a wallet address) before mining.');
    if (this.node.readOnly) throw new MiningError('mining-read-only', 'This node is read-only (storage is full): it cannot store new blocks.');
    this.running = true;
    this.rebuild();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.backend.stop();
    this.emit();
  }

  /** Called by the backend. */
  onStats(workers: WorkerStats[], best: { word: number } | null): void {
    this.workers = workers;
    this.best = best?.word ?? null;
    this.emit();
  }

  /** Called by the backend: all workers ran out of nonces. */
  onExhausted(jobId: number): void {
    if (jobId !== this.jobId || !this.running) return;
    this.extraNonce++;
    this.rebuild();
  }

  /** Called by the backend with a nonce that meets the target. */
  async onFound(jobId: number, nonce: number): Promise<void> {
    if (jobId !== this.jobId || !this.block) return;
    const block: TemplateBlock = { header: { ...this.block.header, nonce }, txs: this.block.txs };
    this.block = null; // one block per template
    let connected = false;
    try {
      connected = (await this.node.submitBlock(block)) === 'connected';
      this.lastError = '';
    } catch (error) {
      this.lastError = error instanceof VerifyError ? `our block was rejected: ${error.code}` : (error as Error).message;
      // A refused block or a full disk is news for the user; anything else is a bug to be seen.
      if (!(error instanceof VerifyError) && !(error instanceof StorageFullError)) raiseUncaught(error);
    }
    if (connected) {
      this.blocksFound++;
      this.rewards += block.txs[0].amount;
    } else {
      // A new tip rebuilds the template by itself; a stale or refused block must too.
      this.schedule(REBUILD_DELAY_MS);
    }
    this.emit();
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.rebuild();
    }, ms);
  }

  private rebuild(): void {
    if (!this.running || !this.recipient) return;
    const now = Math.floor(Date.now() / 1000);
    const block = templateOnTip(this.node.chain, this.node.mempool, this.recipient, now, this.extraNonce);
    // A block must be later than the median of the last 11, so mining faster than the clock moves
    // that median (regtest: thousands of blocks a minute) runs block times ahead of the clock. Past
    // the future limit every node, ours included, would refuse the block: wait for the clock.
    const lead = block.header.time - now - (MAX_FUTURE_SPACINGS * this.node.params.spacing - FUTURE_MARGIN_S);
    if (lead > 0) {
      this.block = null;
      this.backend.stop();
      this.lastError = `Blocks are ahead of the clock (each must be later than the median of the last 11); waiting ${lead} s for the clock to catch up.`;
      this.schedule(lead * 1000);
      this.emit();
      return;
    }
    this.block = block;
    this.jobId++;
    this.best = null;
    this.lastBuild = Date.now();
    this.backend.mine(this.jobId, encodeHeader(this.block.header), targetFromBits(this.block.header.bits) as bigint);
    this.schedule(TIME_REFRESH_MS);
    this.emit();
  }

  stats(): MiningStats {
    const total = this.workers.reduce((n, w) => n + w.hashesPerSec, 0);
    const target = this.block ? (targetFromBits(this.block.header.bits) as bigint) : null;
    const expected = target !== null && total > 0 ? Number(workFromTarget(target)) / total : null;
    return {
      running: this.running,
      workers: this.workers,
      totalHashesPerSec: this.running ? total : 0,
      expectedSeconds: this.running ? expected : null,
      blocksFound: this.blocksFound,
      rewards: this.rewards,
      targetHex: target === null ? '' : target.toString(16).padStart(64, '0'),
      bestWord: this.best,
      height: this.node.chain.height + 1,
      lastError: this.lastError,
    };
  }

  private emit(): void {
    this.events.emit('stats', this.stats());
  }
}
