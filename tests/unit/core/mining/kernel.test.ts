import { describe, expect, it } from 'vitest';
import { TsKernel } from '../../../../src/core/mining/kernel';
import { kernelProperty } from './kernel-property';

describe('TypeScript mining kernel', () => {
  it('finds exactly the nonces @noble/hashes puts at or below the target (property)', () => {
    kernelProperty(() => new TsKernel(), 60);
  });

  it('handles the top of the nonce range and stops after maxFound hits', () => {
    const header = new Uint8Array(80).fill(3);
    const k = new TsKernel(5);
    k.setTemplate(header, (1n << 256n) - 1n);
    const r = k.scan(0xfffffff0, 16);
    expect(r.found).toEqual([0xfffffff0, 0xfffffff1, 0xfffffff2, 0xfffffff3, 0xfffffff4]);
    expect(r.hashed).toBe(5);
    expect(() => k.setTemplate(new Uint8Array(79), 1n)).toThrow(RangeError);
  });
});
