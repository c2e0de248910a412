// An in-memory network on simulated time: every link delivery and every timer of the nodes on it
// (they take `q` as their Timers) is an event on one deterministic queue (events.ts). The
// simulator runs worlds of them; the unit tests wait on one for conditions, never on the machine's
// clock, so a test takes as long as its work, not as long as the timeouts it exercises.
import { MemoryNetwork, type MemoryNetworkOptions } from '../src/net/memory-transport';
import { EventQueue } from './events';

export type SimulatedNetworkOptions = Omit<MemoryNetworkOptions, 'scheduler' | 'now'>;

export class SimulatedNetwork extends MemoryNetwork {
  constructor(
    options: SimulatedNetworkOptions = {},
    readonly q: EventQueue = new EventQueue(),
  ) {
    super({ ...options, scheduler: (fn, ms) => q.setTimeout(fn, ms), now: () => q.now() });
  }

  /** Runs the queue until cond holds; throws once `ms` of simulated time pass without it. */
  until(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
    return untilTrue(this.q, cond, ms, what);
  }

  /** Lets `ms` of simulated time pass: every delivery and timer due within it runs. */
  async wait(ms: number): Promise<void> {
    await this.q.runUntil(this.q.now() + ms);
  }

  /** Runs the queue until `p` settles (a dial, a handshake, a node starting), and returns it. */
  async settle<T>(p: Promise<T>, ms = 5_000, what = 'promise'): Promise<T> {
    let settled = false;
    const done = p.finally(() => (settled = true));
    // A rejection is the caller's to see, from the await below; not an unhandled one meanwhile.
    done.catch(() => undefined);
    await this.until(() => settled, ms, what);
    return done;
  }
}

/** Runs q until cond holds; throws once `ms` of simulated time pass without it. */
export async function untilTrue(q: EventQueue, cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  if (await q.runUntilTrue(cond, q.now() + ms)) return;
  throw new Error(`timed out waiting for ${what}: not true after ${ms} ms of simulated time (at ${q.now()} ms, ${q.processed} events run)`);
}
