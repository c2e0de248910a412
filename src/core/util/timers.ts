// Time and randomness, passed in: the browser gives real ones, the simulator gives simulated ones.
// Reading path: beside it, support for every stop (src/core/READING.md).
export interface Timers {
  /** Milliseconds on a monotonic-enough clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type RandomBytes = (n: number) => Uint8Array;

/** A Set that forgets its oldest members beyond a capacity. */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  constructor(private readonly capacity: number) {}
  add(v: T): void {
    if (this.items.has(v)) return;
    this.items.add(v);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value as T);
  }
  has(v: T): boolean {
    return this.items.has(v);
  }
  delete(v: T): void {
    this.items.delete(v);
  }
  get size(): number {
    return this.items.size;
  }
  /** Oldest first. */
  values(): IterableIterator<T> {
    return this.items.values();
  }
}
