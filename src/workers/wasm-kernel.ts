// The WebAssembly SIMD mining kernel (src/workers/kernel/sha256d-simd.wat): four nonces per
// instruction, two such groups interleaved per iteration. The module filters on the hash's first word; this wrapper confirms each candidate
// exactly with the TypeScript kernel, so together they report exactly the winning nonces.
import { TsKernel, prepareHeader, targetWords, type MiningKernel, type ScanResult } from '../core/mining/kernel';
import { KERNEL_LAYOUT as LAYOUT } from './kernel/layout.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  /** Nonces per loop iteration (4 per interleaved group): scan's count is a multiple of it. */
  lanes: WebAssembly.Global;
  scan(start: number, count: number): number;
}

/** A minimal module using one SIMD instruction: whether this engine has WebAssembly SIMD. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

export class WasmKernel implements MiningKernel {
  private readonly exports: KernelExports;
  private readonly words: Uint32Array;
  private readonly exact = new TsKernel(1);

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.exports = instance.exports as unknown as KernelExports;
    this.words = new Uint32Array(this.exports.memory.buffer);
  }

  setTemplate(header: Uint8Array, target: bigint): void {
    const { midstate, tail } = prepareHeader(header);
    this.words.set(midstate, LAYOUT.midstate / 4);
    this.words.set(tail, LAYOUT.tail / 4);
    this.words[LAYOUT.target0 / 4] = targetWords(target)[0] as number;
    this.exact.setTemplate(header, target);
  }

  scan(start: number, count: number): ScanResult {
    const lanes = this.exports.lanes.value as number;
    if (count % lanes !== 0) throw new RangeError(`the SIMD kernel scans nonces in groups of ${lanes}`);
    const hashed = this.exports.scan(start | 0, count | 0) >>> 0;
    const candidates = this.words[LAYOUT.count / 4] as number;
    const found: number[] = [];
    for (let i = 0; i < candidates; i++) {
      const nonce = (this.words[LAYOUT.results / 4 + i] as number) >>> 0;
      if (this.exact.scan(nonce, 1).found.length === 1) found.push(nonce);
    }
    found.sort((a, b) => a - b);
    return { found, hashed, bestWord: (this.words[LAYOUT.bestWord / 4] as number) >>> 0, bestNonce: (this.words[LAYOUT.bestNonce / 4] as number) >>> 0 };
  }
}
