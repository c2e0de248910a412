// Time and randomness, passed in: the browser gives real ones, the simulator gives simulated ones.
// Reading path: beside it, support for every stop (src/core/READING.md).
export interface Timers {
  /** Milliseconds on a monotonic-enough clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type RandomBytes = (n: number) => Uint8Array;
