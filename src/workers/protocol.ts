// Messages between the miner pool (main thread) and its workers.

export interface MinerJob {
  jobId: number;
  header: Uint8Array;
  /** Target as a hex string (bigint does not survive every postMessage path the same way). */
  targetHex: string;
  start: number;
  /** Exclusive end of this worker's nonce range, at most 2^32. */
  end: number;
}

export type ToWorker =
  | { type: 'init'; wasm: WebAssembly.Module | null }
  | { type: 'job'; job: MinerJob }
  | { type: 'duty'; fraction: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready'; kernel: 'wasm-simd' | 'typescript' }
  | { type: 'found'; jobId: number; nonce: number }
  | { type: 'stats'; jobId: number; hashes: number; ms: number; bestWord: number; bestNonce: number }
  | { type: 'exhausted'; jobId: number };

/** Nonces a worker hashes between looks at its inbox: about 10 ms of work with SIMD. */
export const CHUNK = 65_536;
