import { expect } from 'vitest';
import fc from 'fast-check';
import { type MiningKernel } from '../../../../src/core/mining/kernel';
import { sha256d } from '../../../../src/core/crypto/hash';
import { bytesToBigIntBE } from '../../../../src/core/encoding/bytes';

/** What @noble/hashes says: the nonces in [start, start+count) whose double SHA-256 is ≤ target. */
export function referenceScan(header: Uint8Array, target: bigint, start: number, count: number): { found: number[]; best: bigint } {
  const h = header.slice();
  const found: number[] = [];
  let best = 1n << 256n;
  for (let i = 0; i < count; i++) {
    new DataView(h.buffer).setUint32(76, start + i, true);
    const v = bytesToBigIntBE(sha256d(h));
    if (v < best) best = v;
    if (v <= target) found.push(start + i);
  }
  return { found, best };
}

export function kernelProperty(make: () => MiningKernel, runs: number): void {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), fc.integer({ min: 1, max: 8 }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.nat(0xffff0000), (header, shift, jitter, start) => {
      // Targets from "almost every hash" to "about one in 256", with random low bits: enough hits
      // to compare, and targets whose first word ties with some hashes.
      const target = (((1n << 256n) - 1n) >> BigInt(shift)) ^ (jitter >> BigInt(shift + 8));
      const count = 96;
      const kernel = make();
      kernel.setTemplate(header, target);
      const got = kernel.scan(start, count);
      const want = referenceScan(header, target, start, count);
      expect(got.found).toEqual(want.found.slice(0, got.found.length));
      expect(got.hashed === count || got.found.length >= 64).toBe(true);
      if (got.hashed === count) {
        expect(got.found).toEqual(want.found);
        expect(BigInt(got.bestWord)).toBe(want.best >> 224n);
      }
    }),
    { seed: 11, numRuns: runs },
  );
}

