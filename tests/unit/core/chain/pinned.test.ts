// Chain rules that mutation testing found unpinned: the stored best chain after a disconnect, an
// invalid mark on a stored block surviving a restart, ASERT on a chain (every other chain test runs
// on regtest, which never retargets), the median time past of unsorted times, and block work.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, makeBlock, mine, mineMany, newChain, testClock, transfer } from '../helpers';
import { Chain } from '../../../../src/core/chain/chain';
import { MemoryChainStore } from '../../../../src/core/chain/store';
import { REGTEST, type NetworkParams } from '../../../../src/core/protocol/networks';
import { COIN } from '../../../../src/core/protocol/consensus';
import { toHex } from '../../../../src/core/encoding/bytes';
import { blockHash } from '../../../../src/core/primitives/block';
import { medianTime } from '../../../../src/core/consensus/difficulty';
import { asertTarget } from '../../../../src/core/pow/asert';
import { encodeBits, workFromTarget } from '../../../../src/core/pow/compact';
import { solveBlock } from '../../../../src/core/mining/solve';

describe('what the chain stores', () => {
  it('disconnecting the tip removes its best-chain entry from the store', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 3);
    await chain.serial(() => chain.disconnectTip());
    const loaded = (await store.load())!;
    expect(loaded.bestChain).toEqual([0, 1, 2].map((h) => chain.hashAt(h)));
    expect(loaded.tip).toBe(chain.tip.hashHex);
  });

  it('an invalid mark on a block already stored survives a restart', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 3);
    const fork = chain.entryAt(2);
    // A longer branch from height 2 whose first block spends more than Bob has: its header is
    // fine, so the block is stored before the branch has the work to be connected (and fail).
    const x3 = makeBlock(chain, { parent: fork, to: BOB, dt: 29, txs: [transfer(BOB, ALICE, 1_000n * COIN, 0)] });
    await chain.acceptHeaders([x3.header]);
    const x3e = chain.entry(toHex(blockHash(x3)))!;
    const x4 = makeBlock(chain, { parent: x3e, to: BOB });
    await chain.acceptHeaders([x4.header]);
    // As much work as our tip, on the way to more: stored, not yet connected.
    expect(await chain.submitBlock(x3)).toBe('stored');
    expect(x3e.stored && !x3e.invalid).toBe(true);
    await expect(chain.submitBlock(x4)).rejects.toMatchObject({ code: 'bad-prevblk' });
    expect(chain.invalidReasons.get(x3e.hashHex)).toMatchObject({ code: 'tx-insufficient-funds' });
    expect(x3e.invalid).toBe(true);
    expect(x3e.stored).toBe(true);
    const reopened = await Chain.open(REGTEST, store, { now: testClock });
    expect(reopened.entry(x3e.hashHex)?.invalid).toBe(true);
    expect(reopened.tip.hashHex).toBe(chain.tip.hashHex);
  });
});

describe('ASERT on a chain', () => {
  // Regtest's trivial target, with retargeting on and a short half-life: fast blocks grow harder
  // by a factor of two every 60 s the chain runs ahead of schedule, and solving stays instant.
  const ASERT_NET: NetworkParams = { ...REGTEST, name: 'regtest-asert', retarget: true, halfLife: 60 };

  it('every block carries the bits ASERT gives from the anchor, the same after a restart, and others are refused', async () => {
    const store = new MemoryChainStore();
    const chain = await Chain.open(ASERT_NET, store, { now: testClock });
    for (let i = 0; i < 8; i++) await mine(chain, { dt: 1 });
    expect(chain.height).toBe(8);
    const anchor = chain.entryAt(1);
    for (let h = 3; h <= 8; h++) {
      const parent = chain.entryAt(h - 1);
      const expected = asertTarget({ height: anchor.height, parentTime: anchor.header.time - ASERT_NET.spacing, target: ASERT_NET.powLimit }, parent.height, parent.header.time, ASERT_NET);
      expect(chain.entryAt(h).header.bits).toBe(encodeBits(expected));
    }
    // Blocks a second apart, not 30: the target fell, the bits changed.
    expect(chain.tip.header.bits).not.toBe(REGTEST.genesis.header.bits);
    expect(chain.tip.work - chain.entryAt(7).work).toBeGreaterThan(chain.entryAt(2).work - chain.entryAt(1).work);
    const reopened = await Chain.open(ASERT_NET, store, { now: testClock });
    expect(reopened.bitsAfter(reopened.tip)).toBe(chain.bitsAfter(chain.tip));
    const stale = makeBlock(chain, { dt: 1, mutate: (b) => (b.header.bits = chain.tip.header.bits) });
    if (chain.bitsAfter(chain.tip) === stale.header.bits) throw new Error('the next bits did not move: the test needs faster blocks');
    expect(solveBlock(stale, 1_000_000)).not.toBeNull();
    await expect(chain.submitBlock(stale)).rejects.toMatchObject({ code: 'bad-diffbits' });
  });
});

describe('numbers the rules rest on', () => {
  it('the median time past sorts the times first (BIP113)', () => {
    expect(medianTime([50, 10, 40, 20, 30])).toBe(30);
    expect(medianTime([5, 1, 3, 2])).toBe(3);
    expect(medianTime([])).toBe(0);
  });

  it('a target admits target + 1 hashes of 2^256: its work is 2^256 / (target + 1)', () => {
    expect(workFromTarget(0n)).toBe(1n << 256n);
    expect(workFromTarget(1n)).toBe(1n << 255n);
    expect(workFromTarget((1n << 255n) - 1n)).toBe(2n);
    expect(workFromTarget((1n << 256n) - 1n)).toBe(1n);
  });
});

describe('reading the active chain', () => {
  it('answers by height within 0..height only: entryAt throws outside, hashAt says null', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 2);
    expect(chain.entryAt(2)).toBe(chain.tip);
    expect(() => chain.entryAt(3)).toThrow(RangeError);
    expect(() => chain.entryAt(-1)).toThrow(RangeError);
    expect([chain.hashAt(0), chain.hashAt(3), chain.hashAt(-1)]).toEqual([toHex(REGTEST.genesisHash), null, null]);
  });
});
