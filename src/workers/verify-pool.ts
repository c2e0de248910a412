// The main-thread side of signature verification off the main thread: one worker per core
// (navigator.hardwareConcurrency), each request to the worker with the fewest checks queued,
// and a bound on the checks queued in all, past which work is refused and stays on the main
// thread (the SigCache verifies what nobody proved). A worker that fails rejects its pending
// requests with the error and is replaced; nothing is dropped silently.
import type { VerifyReply, VerifyRequest } from './verify-protocol';

/** What the pool needs of a worker (a browser Worker, or a fake in tests). */
export interface VerifyWorkerLike {
  postMessage(message: VerifyRequest): void;
  onmessage: ((event: { data: VerifyReply }) => void) | null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null;
  terminate(): void;
}

export type VerifyCheck = VerifyRequest['checks'][number];

/** About 2 s of work for two cores: ahead of a download window of blocks, not of the whole chain. */
export const MAX_QUEUED_CHECKS = 8_192;

interface Pending {
  resolve: (valid: boolean[]) => void;
  reject: (error: Error) => void;
  size: number;
}

interface Slot {
  worker: VerifyWorkerLike;
  pending: Map<number, Pending>;
  queued: number;
}

export class VerifyPool {
  private readonly slots: Slot[] = [];
  private nextJob = 1;
  /** Requests answered, and checks verified in workers: for the benchmarks. */
  verified = 0;

  /** Workers start on the first request: a tab at the tip with a warm SigCache may never need them. */
  private started = false;

  constructor(
    private readonly spawn: () => VerifyWorkerLike,
    private readonly wanted = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
    private readonly maxQueued = MAX_QUEUED_CHECKS,
  ) {}

  /** A pool of module workers running verify.worker.ts, one per core. */
  static inBrowser(size?: number): VerifyPool {
    return new VerifyPool(() => new Worker(new URL('./verify.worker.ts', import.meta.url), { type: 'module' }) as unknown as VerifyWorkerLike, size);
  }

  /** Workers running (none before the first request, and after terminate). */
  get size(): number {
    return this.slots.length;
  }

  /** Checks queued in all workers. */
  get queued(): number {
    return this.slots.reduce((n, s) => n + s.queued, 0);
  }

  /**
   * One verdict per check, from a worker. Null when the queue is full (or checks is empty): the
   * caller verifies those itself. Rejects when the worker fails.
   */
  verify(checks: VerifyCheck[]): Promise<boolean[]> | null {
    if (checks.length === 0 || this.queued + checks.length > this.maxQueued) return null;
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < this.wanted; i++) this.slots.push(this.open());
    }
    if (this.slots.length === 0) return null;
    const slot = this.slots.reduce((a, b) => (b.queued < a.queued ? b : a));
    const jobId = this.nextJob++;
    return new Promise<boolean[]>((resolve, reject) => {
      slot.pending.set(jobId, { resolve, reject, size: checks.length });
      slot.queued += checks.length;
      slot.worker.postMessage({ jobId, checks });
    });
  }

  terminate(): void {
    for (const slot of this.slots.splice(0)) {
      slot.worker.terminate();
      this.fail(slot, new Error('verify pool terminated'));
    }
  }

  private open(): Slot {
    const slot: Slot = { worker: this.spawn(), pending: new Map(), queued: 0 };
    slot.worker.onmessage = (event) => this.receive(slot, event.data);
    slot.worker.onerror = (event) => this.crashed(slot, event.error instanceof Error ? event.error : new Error(`verify worker failed: ${event.message ?? 'unknown error'}`));
    return slot;
  }

  private receive(slot: Slot, reply: VerifyReply): void {
    const pending = slot.pending.get(reply.jobId);
    if (!pending) return;
    slot.pending.delete(reply.jobId);
    slot.queued -= pending.size;
    if ('error' in reply) return pending.reject(new Error(`verify worker: ${reply.error}`));
    if (reply.valid.length !== pending.size) return pending.reject(new Error(`verify worker answered ${reply.valid.length} of ${pending.size} checks`));
    this.verified += pending.size;
    pending.resolve(reply.valid);
  }

  /** A worker that failed loses its requests (each rejects with the error) and its place, to a fresh one. */
  private crashed(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    slot.worker.terminate();
    this.slots[at] = this.open();
    this.fail(slot, error);
  }

  private fail(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
    slot.queued = 0;
  }
}
