// Shared by the hardening tests: their figures for docs/RELIABILITY.md, and seeded randomness.
import { afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Writes `name`.json into $RELIABILITY_OUT after the file's tests (`npm run reliability` sets it). */
export function recordReliability(name: string, data: () => unknown): void {
  afterAll(() => {
    const out = process.env.RELIABILITY_OUT;
    if (!out) return;
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}/${name}.json`, `${JSON.stringify(data(), null, 2)}\n`);
  });
}

/** A seeded linear congruential generator in [0, 1): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
