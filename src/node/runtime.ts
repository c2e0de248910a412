// The real clock and randomness a node gets outside the simulator: the browser tab (browser.ts),
// the lessons' in-tab network (lesson-network.ts), and tests that run on real time.
import type { RandomBytes, Timers } from '../core/util/timers';

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const cryptoRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));
