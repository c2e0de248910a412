// The reference nonce search (solve.ts), the target comparison the fast kernel relies on
// (meetsTarget), and the template's time (mining/template.ts), at their edges.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { solveBlock } from '../../../../src/core/mining/solve';
import { meetsTarget, TsKernel } from '../../../../src/core/mining/kernel';
import { createBlockTemplate } from '../../../../src/core/mining/template';
import { encodeHeader, hashValue, headerHash, type BlockHeader } from '../../../../src/core/primitives/header';
import { targetFromBits } from '../../../../src/core/pow/compact';
import type { Block } from '../../../../src/core/primitives/block';

const genesis = REGTEST.genesis;
const regtestTarget = targetFromBits(genesis.header.bits)!;
const blockWith = (header: Partial<BlockHeader>): Block => ({ header: { ...genesis.header, ...header }, txs: genesis.txs });
const meets = (header: BlockHeader, nonce: number) => hashValue(headerHash({ ...header, nonce })) <= regtestTarget;
/** The first nonce at or after `from` that meets regtest's target and follows one that does not. */
function solutionAfterMiss(header: BlockHeader, from: number): number {
  let n = from + 1;
  while (!(meets(header, n) && !meets(header, n - 1))) n++;
  return n;
}

describe('solveBlock', () => {
  it('finds the first nonce from start that meets the target, and sets it in the block', () => {
    const block = blockWith({ time: 1_000 });
    const s = solutionAfterMiss(block.header, 100);
    expect(solveBlock(block, 10, s - 1)).toBe(s);
    expect(block.header.nonce).toBe(s);
  });

  it('tries exactly `tries` nonces', () => {
    const block = blockWith({ time: 2_000 });
    const s = solutionAfterMiss(block.header, 0);
    const start = s - 1;
    expect(solveBlock(block, 1, start)).toBeNull();
    expect(solveBlock(block, 2, start)).toBe(s);
  });

  it('tries the last nonce, 0xffffffff, and stops there', () => {
    let time = 0;
    while (!meets({ ...genesis.header, time }, 0xffffffff)) time++;
    expect(solveBlock(blockWith({ time }), 5, 0xffffffff)).toBe(0xffffffff);
    let missing = 0;
    while (meets({ ...genesis.header, time: missing }, 0xffffffff)) missing++;
    expect(solveBlock(blockWith({ time: missing }), 5, 0xffffffff)).toBeNull();
  });

  it('gives up at once on bits that name no target', () => {
    // A negative target (sign bit set): no search at all, not 2^32 tries.
    expect(targetFromBits(0x04923456)).toBeNull();
    expect(solveBlock(blockWith({ bits: 0x04923456 }))).toBeNull();
  });
});

describe('meetsTarget and the kernel at a tie', () => {
  const words = (...w: number[]) => Uint32Array.from(w);
  it('compares eight words, most significant first, equal meaning met', () => {
    const t = words(5, 5, 5, 5, 5, 5, 5, 5);
    expect(meetsTarget(words(5, 5, 5, 5, 5, 5, 5, 5), t)).toBe(true);
    expect(meetsTarget(words(5, 5, 5, 5, 5, 5, 5, 4), t)).toBe(true);
    expect(meetsTarget(words(5, 5, 5, 5, 5, 5, 5, 6), t)).toBe(false);
    expect(meetsTarget(words(5, 6, 0, 0, 0, 0, 0, 0), t)).toBe(false);
    expect(meetsTarget(words(4, 9, 9, 9, 9, 9, 9, 9), t)).toBe(true);
    expect(meetsTarget(words(6, 0, 0, 0, 0, 0, 0, 0), t)).toBe(false);
  });

  it('finds a nonce whose hash equals the target, and not one just above it', () => {
    const header = encodeHeader({ ...genesis.header, nonce: 0 });
    const hash = hashValue(headerHash({ ...genesis.header, nonce: 7 }));
    const kernel = new TsKernel();
    kernel.setTemplate(header, hash);
    expect(kernel.scan(7, 1).found).toEqual([7]);
    // The same top word, lower below it: the top word alone must not decide.
    kernel.setTemplate(header, hash - 1n);
    expect(kernel.scan(7, 1).found).toEqual([]);
  });
});

describe('createBlockTemplate time', () => {
  const parent = { hash: REGTEST.genesisHash, height: 0, time: 1_000, medianTimePast: 1_000, anchor: null };
  const at = (now: number) => createBlockTemplate({ params: REGTEST, parent, txs: [], recipient: new Uint8Array(32), now }).header.time;
  it('takes the clock when it is past the median time, else one second after it', () => {
    expect(at(5_000)).toBe(5_000);
    expect(at(1_000)).toBe(1_001);
    expect(at(10)).toBe(1_001);
  });
});
