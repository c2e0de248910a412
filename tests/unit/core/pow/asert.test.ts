import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { asertTarget } from '../../../../src/core/pow/asert';
import { decodeBits, encodeBits, targetFromBits, workFromTarget } from '../../../../src/core/pow/compact';

// aserti3-2d vectors from the Bitcoin Cash ASERT specification (tests/vectors/README.md).
const dir = path.resolve(__dirname, '../../../vectors/asert');
const params = { spacing: 600, halfLife: 172_800, powLimit: targetFromBits(0x1d00ffff)! };

interface Run {
  name: string;
  anchorHeight: bigint;
  anchorParentTime: bigint;
  anchorBits: number;
  rows: Array<{ height: bigint; time: bigint; bits: number }>;
}

function readRun(file: string): Run {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const num = (label: string) => {
    const m = new RegExp(`${label}:\\s*(\\S+)`).exec(text);
    if (!m) throw new Error(`${file}: no ${label}`);
    return BigInt(m[1]!);
  };
  const rows = text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [, height, time, bits] = l.trim().split(/\s+/);
      return { height: BigInt(height!), time: BigInt(time!), bits: Number(bits) };
    });
  return { name: file, anchorHeight: num('anchor height'), anchorParentTime: num('anchor ancestor time'), anchorBits: Number(num('anchor nBits')), rows };
}

const runs = fs.readdirSync(dir).filter((f) => f.startsWith('run')).sort().map(readRun);

describe('aserti3-2d against the published vectors', () => {
  it('has all ten runs', () => {
    expect(runs).toHaveLength(10);
    expect(runs.reduce((n, r) => n + r.rows.length, 0)).toBeGreaterThan(2000);
  });

  for (const run of runs) {
    it(`${run.name}: every row`, () => {
      const anchor = { height: run.anchorHeight, parentTime: run.anchorParentTime, target: targetFromBits(run.anchorBits)! };
      for (const row of run.rows) {
        const bits = encodeBits(asertTarget(anchor, row.height, row.time, params));
        if (bits !== row.bits) {
          throw new Error(`${run.name} height ${row.height} time ${row.time}: got 0x${bits.toString(16)}, want 0x${row.bits.toString(16)}`);
        }
      }
    });
  }
});

describe('compact bits', () => {
  it('decodes and re-encodes Bitcoin examples', () => {
    expect(targetFromBits(0x1d00ffff)).toBe(0xffffn << 208n);
    expect(encodeBits(0xffffn << 208n)).toBe(0x1d00ffff);
    expect(encodeBits(0x80n)).toBe(0x02008000); // sign bit forces a larger exponent
    expect(encodeBits(0n)).toBe(0);
    expect(decodeBits(0x01003456).target).toBe(0n);
    expect(decodeBits(0x04923456).negative).toBe(true);
    expect(decodeBits(0xff123456).overflow).toBe(true);
    expect(targetFromBits(0x04923456)).toBeNull();
    expect(targetFromBits(0)).toBeNull();
    expect(() => encodeBits(-1n)).toThrow(RangeError);
    expect(workFromTarget((1n << 256n) - 1n)).toBe(1n);
  });

  it('overflows exactly where a 256-bit target no longer holds the mantissa (arith_uint256 SetCompact)', () => {
    // [bits, overflow]: a one-byte mantissa fits up to exponent 34, two bytes to 33, three to 32.
    const cases: Array<[number, boolean]> = [
      [0x220000ff, false], [0x23000001, true],
      [0x210000ff, false], [0x22000100, true], [0x22000001, false],
      [0x2100ffff, false], [0x21010000, true], [0x20010000, false],
      [0x207fffff, false], [0x21000100, false],
      [0x23000000, false], // a zero mantissa is zero, never an overflow
    ];
    for (const [bits, overflow] of cases) expect(decodeBits(bits).overflow, `0x${bits.toString(16)}`).toBe(overflow);
    expect(decodeBits(0x22000001).target).toBe(1n << 248n);
    expect(decodeBits(0x05000100).target).toBe(0x100n << 16n);
  });

  it('reads small exponents by shifting the mantissa down, and the sign bit only with a mantissa', () => {
    expect(decodeBits(0x03123456).target).toBe(0x123456n);
    expect(decodeBits(0x02123456).target).toBe(0x1234n);
    expect(decodeBits(0x01123456).target).toBe(0x12n);
    expect(decodeBits(0x00123456).target).toBe(0n);
    expect(decodeBits(0x04123456)).toEqual({ target: 0x12345600n, negative: false, overflow: false });
    expect(decodeBits(0x01800000)).toEqual({ target: 0n, negative: false, overflow: false });
    expect(decodeBits(0x01fedcba).negative).toBe(true);
    expect(encodeBits(0x12n)).toBe(0x01120000);
    expect(encodeBits(0x1234n)).toBe(0x02123400);
    expect(encodeBits(0x12345600n)).toBe(0x04123456);
  });
});
