// The main-thread side of mining: a pool of 1..N workers sharing one compiled kernel. Each job's
// 2^32 nonces are split into disjoint ranges, one per worker.
import wasmUrl from './kernel/sha256d-simd.wasm?url';
import type { FromWorker, MinerJob, ToWorker } from './protocol';

export interface WorkerStats {
  hashesPerSec: number;
  kernel: 'wasm-simd' | 'typescript' | 'starting';
}

export interface MinerBackendEvents {
  found(jobId: number, nonce: number): void;
  exhausted(jobId: number): void;
  stats(workers: WorkerStats[], best: { word: number; nonce: number } | null): void;
}

/** What the node's mining controller needs from a miner (a worker pool, or a test double). */
export interface MinerBackend {
  setWorkers(n: number): void;
  setDuty(fraction: number): void;
  mine(jobId: number, header: Uint8Array, target: bigint): void;
  stop(): void;
  readonly workerCount: number;
}

interface Slot {
  worker: Worker;
  stats: WorkerStats;
  exhausted: boolean;
}

export class MinerPool implements MinerBackend {
  private module: WebAssembly.Module | null = null;
  private readonly slots: Slot[] = [];
  private current: { jobId: number; header: Uint8Array; target: bigint } | null = null;
  private duty = 1;
  private best: { word: number; nonce: number } | null = null;
  private hashes = 0;

  private constructor(private readonly events: MinerBackendEvents) {}

  static async create(events: MinerBackendEvents, workers: number): Promise<MinerPool> {
    const pool = new MinerPool(events);
    try {
      pool.module = await WebAssembly.compileStreaming(fetch(wasmUrl));
    } catch {
      pool.module = null; // no SIMD or no WebAssembly here: workers fall back to TypeScript
    }
    pool.setWorkers(workers);
    return pool;
  }

  /** Nonces hashed for the current job so far, as the workers reported them (a lesson shows it). */
  get hashesThisJob(): number {
    return this.hashes;
  }

  /** Where the nonce range holding `nonce` starts (each worker scans its range upward from there). */
  rangeStartOf(nonce: number): number {
    return Math.min(this.slots.length - 1, Math.floor(nonce / this.span)) * this.span;
  }

  /** Disjoint ranges, one per worker, each a multiple of 8 (the SIMD kernel hashes two groups of four nonces at a time). */
  private get span(): number {
    return Math.floor(2 ** 32 / Math.max(1, this.slots.length) / 8) * 8;
  }

  get workerCount(): number {
    return this.slots.length;
  }

  setWorkers(n: number): void {
    const max = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
    const want = Math.min(max, Math.max(1, Math.floor(n)));
    while (this.slots.length > want) this.slots.pop()?.worker.terminate();
    while (this.slots.length < want) this.slots.push(this.spawn());
    if (this.current) this.mine(this.current.jobId, this.current.header, this.current.target);
  }

  setDuty(fraction: number): void {
    this.duty = fraction;
    for (const s of this.slots) this.send(s, { type: 'duty', fraction });
  }

  mine(jobId: number, header: Uint8Array, target: bigint): void {
    if (this.current?.jobId !== jobId) {
      this.best = null;
      this.hashes = 0;
    }
    this.current = { jobId, header, target };
    const span = this.span;
    this.slots.forEach((s, i) => {
      s.exhausted = false;
      const job: MinerJob = { jobId, header, targetHex: target.toString(16), start: i * span, end: i === this.slots.length - 1 ? 2 ** 32 : (i + 1) * span };
      this.send(s, { type: 'job', job });
    });
  }

  stop(): void {
    this.current = null;
    for (const s of this.slots) this.send(s, { type: 'stop' });
    for (const s of this.slots) s.stats.hashesPerSec = 0;
    this.events.stats(this.slots.map((s) => s.stats), null);
  }

  terminate(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots.length = 0;
  }

  private send(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./miner.worker.ts', import.meta.url), { type: 'module' });
    const slot: Slot = { worker, stats: { hashesPerSec: 0, kernel: 'starting' }, exhausted: false };
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(slot, event.data);
    this.send(slot, { type: 'init', wasm: this.module });
    this.send(slot, { type: 'duty', fraction: this.duty });
    return slot;
  }

  private receive(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.stats.kernel = m.kernel;
      return;
    }
    if (m.type === 'stats') {
      const rate = m.ms > 0 ? (m.hashes * 1000) / m.ms : 0;
      // Smooth over reports; a duty cycle below 1 scales the rate the user actually gets.
      slot.stats.hashesPerSec = slot.stats.hashesPerSec === 0 ? rate * this.duty : slot.stats.hashesPerSec * 0.7 + rate * this.duty * 0.3;
      const current = this.current !== null && m.jobId === this.current.jobId;
      if (current) this.hashes += m.hashes;
      if (current && (!this.best || m.bestWord < this.best.word)) this.best = { word: m.bestWord, nonce: m.bestNonce };
      if (this.current) this.events.stats(this.slots.map((s) => s.stats), this.best);
      return;
    }
    if (!this.current || m.jobId !== this.current.jobId) return;
    if (m.type === 'found') this.events.found(m.jobId, m.nonce);
    else if (m.type === 'exhausted') {
      slot.exhausted = true;
      if (this.slots.every((s) => s.exhausted)) this.events.exhausted(m.jobId);
    }
  }
}
