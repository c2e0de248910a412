import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { simdSupported, WasmKernel } from '../../../src/workers/wasm-kernel';
import { kernelProperty, referenceScan } from '../core/mining/kernel-property';

const wasmPath = path.resolve(__dirname, '../../../src/workers/kernel/sha256d-simd.wasm');
const module = new WebAssembly.Module(fs.readFileSync(wasmPath));

describe('WebAssembly SIMD mining kernel', () => {
  it('is supported here', () => expect(simdSupported()).toBe(true));

  it('finds exactly the nonces @noble/hashes puts at or below the target (property)', () => {
    kernelProperty(() => new WasmKernel(module), 60);
  });

  it('agrees with the reference on a hard target over many nonces, and reports the best hash', () => {
    const header = new Uint8Array(80).map((_, i) => (i * 37) & 0xff);
    const target = (1n << 244n) - 1n; // about one hit in 4096
    const k = new WasmKernel(module);
    k.setTemplate(header, target);
    const got = k.scan(5_000, 20_000);
    const want = referenceScan(header, target, 5_000, 20_000);
    expect(got.found).toEqual(want.found);
    expect(got.found.length).toBeGreaterThan(0);
    expect(BigInt(got.bestWord)).toBe(want.best >> 224n);
    expect(got.hashed).toBe(20_000);
    expect(() => k.scan(0, 3)).toThrow(RangeError);
    // Two interleaved groups of four: a count of 4 is not a whole iteration.
    expect(() => k.scan(0, 4)).toThrow(RangeError);
  });
});
