// Simulated time: a deterministic event queue (binary heap on time, then insertion order) and the
// Timers interface the node uses, so the real node logic runs on it unchanged.
import type { Timers } from '../src/core/util/timers';

interface Event {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class EventQueue implements Timers {
  private heap: Event[] = [];
  private seq = 0;
  time = 0;
  processed = 0;
  private running = false;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Event {
    const e: Event = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(e);
    return e;
  }

  clearTimeout(handle: unknown): void {
    if (handle) (handle as Event).cancelled = true;
  }

  /** Runs events until `until` (ms) or the queue empties; promise continuations run between events. */
  async runUntil(until: number): Promise<void> {
    await this.runWhile(until, () => false);
  }

  /**
   * The same, but stops at the first moment cond() holds (checked after every event, its
   * continuations settled), leaving the clock there, not at `until`. Says whether cond held.
   */
  runUntilTrue(cond: () => boolean, until: number): Promise<boolean> {
    return this.runWhile(until, cond);
  }

  private async runWhile(until: number, stop: () => boolean): Promise<boolean> {
    // Two runners at once would interleave their events and break the settling between them.
    if (this.running) throw new Error('the event queue is already running');
    this.running = true;
    try {
      return await this.run(until, stop);
    } finally {
      this.running = false;
    }
  }


  private async run(until: number, stop: () => boolean): Promise<boolean> {
    for (;;) {
      if (stop()) return true;
      if (this.heap.length === 0 || (this.heap[0] as Event).at > until) {
        // Async node code may still be on its way to scheduling something: let it settle first.
        const before = this.seq;
        for (let i = 0; i < 5; i++) await flush();
        if (this.seq === before) break;
        continue;
      }
      const e = this.pop();
      if (e.cancelled) continue;
      this.time = e.at;
      e.fn();
      this.processed++;
      // Let async node code (awaits on in-memory stores) settle before simulated time moves on.
      await flush();
    }
    this.time = Math.max(this.time, until);
    return stop();
  }

  private push(e: Event): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p] as Event, e)) break;
      h[i] = h[p] as Event;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Event {
    const h = this.heap;
    const top = h[0] as Event;
    const last = h.pop() as Event;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l] as Event, h[m] as Event)) m = l;
        if (r < h.length && less(h[r] as Event, h[m] as Event)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Event, h[i] as Event];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Lets pending promise callbacks (microtasks) run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A seeded PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
