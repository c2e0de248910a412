// The difficulty rule of issue 15: ASERT never easier than the launch target, from an anchor that
// moves to any block whose child gets that floor. The vector is the one in docs/PROTOCOL.md.
import { describe, expect, it } from 'vitest';
import { anchorAfter, nextBits, type DifficultyAnchor } from '../../../../src/core/consensus/difficulty';
import { MAIN, REGTEST, type NetworkParams } from '../../../../src/core/protocol/networks';
import { targetFromBits } from '../../../../src/core/pow/compact';
import { Chain } from '../../../../src/core/chain/chain';
import { MemoryChainStore } from '../../../../src/core/chain/store';
import { mine, testClock } from '../helpers';

const G = MAIN.genesis.header.time;
const LAUNCH = G + 8 * 86_400;

// [height, time, anchor height after it, bits of its child]: block 1 backdated to genesis + 1 s,
// block 2 at the real launch eight days later. Before issue 15 every child from block 3 on got
// 0x1f00ffff (2^240 - 1): 2^20 times easier than the launch target.
const VECTOR: Array<[number, number, number | null, number]> = [
  [0, G, null, 0x1d479531],
  [1, G + 1, 1, 0x1d479531],
  [2, LAUNCH, 2, 0x1d479531],
  [3, LAUNCH + 10, 2, 0x1d474f01],
  [4, LAUNCH + 20, 2, 0x1d4708f6],
  [5, LAUNCH + 4_000, 5, 0x1d479531],
  [6, LAUNCH + 4_010, 5, 0x1d474f01],
];

describe('difficulty: launch-target floor and moving anchor', () => {
  it('follows the PROTOCOL.md vector', () => {
    let anchor: DifficultyAnchor | null = null;
    for (const [height, time, anchorHeight, bits] of VECTOR) {
      anchor = anchorAfter(MAIN, anchor, { height, time });
      expect(anchor?.height ?? null, `anchor after ${height}`).toBe(anchorHeight);
      expect(nextBits(MAIN, { height, time, anchor }), `bits after ${height}`).toBe(bits);
    }
  });

  it('is never easier than the launch target, on every network', () => {
    for (const params of [MAIN, REGTEST]) expect(params.powLimit).toBe(targetFromBits(params.genesis.header.bits));
    const anchor = { height: 1, time: G + 1 };
    expect(nextBits(MAIN, { height: 2, time: G + 400 * 86_400, anchor })).toBe(MAIN.genesis.header.bits);
  });

  it('the chain keeps each block\'s anchor, and recomputes the same after reopening', async () => {
    // Regtest's easy target with retargeting on, so blocks can be solved in a test.
    const params: NetworkParams = { ...REGTEST, retarget: true };
    const store = new MemoryChainStore();
    const chain = await Chain.open(params, store, { now: testClock });
    for (let i = 0; i < 40; i++) await mine(chain, { dt: 1 }); // far ahead of schedule: harder
    const hard = targetFromBits(chain.bitsAfter(chain.tip))!;
    expect(hard < params.powLimit).toBe(true);
    expect(chain.templateParent().anchor?.height).toBe(1);
    await mine(chain, { dt: 86_400 }); // a day without blocks: back at the floor, anchored here
    expect(chain.templateParent().anchor).toEqual({ height: 41, time: chain.tip.header.time });
    expect(chain.bitsAfter(chain.tip)).toBe(params.genesis.header.bits);
    await mine(chain, { dt: 1 });
    const bits = chain.bitsAfter(chain.tip);
    expect(bits).not.toBe(params.genesis.header.bits);
    const reopened = await Chain.open(params, store, { now: testClock });
    expect(reopened.bitsAfter(reopened.tip)).toBe(bits);
    expect(reopened.templateParent().anchor?.height).toBe(41);
  });
});
