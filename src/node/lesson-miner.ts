// The lessons' "Mine" button: a nonce search over a header the learner edited, with the same
// worker pool and kernels the node mines with (src/workers), so the page never freezes.
import { MinerPool } from '../workers/miner-pool';

export interface SearchProgress {
  hashes: number;
  hashesPerSec: number;
  ms: number;
}

export interface SearchResult extends SearchProgress {
  /** The winning nonce, or null if the search was stopped or the nonce space ran out. */
  nonce: number | null;
}

export class LessonMiner {
  private jobId = 0;
  private finish: ((nonce: number | null) => void) | null = null;
  private progress: ((p: SearchProgress) => void) | null = null;
  private started = 0;
  private rate = 0;

  private constructor(private pool: MinerPool | null) {}

  static async create(workers = Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1)): Promise<LessonMiner> {
    const miner = new LessonMiner(null);
    miner.pool = await MinerPool.create(
      {
        found: (jobId, nonce) => jobId === miner.jobId && miner.settle(nonce),
        exhausted: (jobId) => jobId === miner.jobId && miner.settle(null),
        stats: (stats) => {
          miner.rate = stats.reduce((n, s) => n + s.hashesPerSec, 0);
          miner.progress?.(miner.snapshot());
        },
      },
      workers,
    );
    return miner;
  }

  private snapshot(): SearchProgress {
    return { hashes: this.pool?.hashesThisJob ?? 0, hashesPerSec: this.rate, ms: performance.now() - this.started };
  }

  /** Searches nonces 0..2^32-1 of an 80-byte header (its nonce field is ignored) for one meeting target. */
  search(header: Uint8Array, target: bigint, onProgress: (p: SearchProgress) => void): Promise<SearchResult> {
    this.stop();
    const pool = this.pool as MinerPool;
    const jobId = ++this.jobId;
    this.progress = onProgress;
    this.started = performance.now();
    this.rate = 0;
    return new Promise((resolve) => {
      this.finish = (nonce) => {
        const reported = this.snapshot();
        // The winning chunk may end before its count is reported: its worker tried every nonce up to the winner.
        const atLeast = nonce === null ? 0 : nonce - pool.rangeStartOf(nonce) + 1;
        resolve({ ...reported, hashes: Math.max(reported.hashes, atLeast), nonce });
      };
      pool.mine(jobId, header, target);
    });
  }

  private settle(nonce: number | null): void {
    const finish = this.finish;
    this.finish = null;
    this.progress = null;
    this.pool?.stop();
    finish?.(nonce);
  }

  /** Stops a running search; its promise resolves with nonce null. */
  stop(): void {
    if (this.finish) this.settle(null);
  }

  terminate(): void {
    this.stop();
    this.pool?.terminate();
  }
}
