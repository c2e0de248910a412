// The stand-ins in-memory nodes run with, in the simulator and in the unit tests: randomness from a
// seed (so a run repeats exactly), settings in a Map, and a fetch that finds nothing. The clock is
// the simulator's event queue (events.ts) or, for tests that need the real one, node/runtime.ts.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../src/core/encoding/bytes';
import type { RandomBytes } from '../src/core/util/timers';
import type { SettingsStore } from '../src/storage/settings';

/**
 * Bytes from a seed: each 32-byte chunk is SHA-256 of "label:counter". Several sources may share
 * one counter (the eclipse simulation does, so its figures stay those recorded).
 */
export function seededRandom(label: string, counter = { next: 0 }): RandomBytes {
  return (n) => {
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k += 32) out.set(sha256(utf8(`${label}:${counter.next++}`)).subarray(0, Math.min(32, n - k)), k);
    return out;
  };
}

export class MapSettings implements SettingsStore {
  readonly map = new Map<string, string>();
  get(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  set(k: string, v: string | null): void {
    if (v === null) this.map.delete(k);
    else this.map.set(k, v);
  }
}

/** A fetch that answers 404: no same-origin signaling server. */
export const notFound = (async () => new Response('', { status: 404 })) as typeof fetch;
