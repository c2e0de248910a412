import { describe, expect, it } from 'vitest';
import { describeUnlock, rewardLocks, rewardUnlockHeight, unlockIn } from '../../../src/app/unlock';
import { CLASSROOM, REGTEST } from '../../../src/core/protocol/networks';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { WalletTracker } from '../../../src/node/wallet-tracker';
import { makeNode } from '../node/harness';
import { ALICE } from '../core/helpers';
import type { HistoryRow } from '../../../src/app/wallet-state.svelte';

describe('when a locked mining reward can be spent', () => {
  it('counts the blocks still to come before a payment from it fits in the next one, at the network spacing', () => {
    // A class reward found in block 10 may be spent from block 16; with the tip at 8, blocks 9..15 are still to come.
    const u = unlockIn(rewardUnlockHeight(10, CLASSROOM.coinbaseMaturity), 8, CLASSROOM.spacing);
    expect(u).toEqual({ blocks: 7, seconds: 70 });
    expect(describeUnlock(u)).toBe('spendable in 7 blocks, about 70 s');
    expect(describeUnlock(unlockIn(100 + 9, 100, 25))).toBe('spendable in 8 blocks, about 3 min');
    expect(describeUnlock(unlockIn(102, 100, 600))).toBe('spendable in 1 block, about 10 min');
    expect(describeUnlock(unlockIn(300, 100, 600))).toBe('spendable in 199 blocks, about 33 h');
    // With the tip at 14 the next block is 15: one more block, then block 16 may spend it; at 15 it can be spent now.
    expect(unlockIn(16, 14, 10)).toEqual({ blocks: 1, seconds: 10 });
    expect(unlockIn(16, 15, 10)).toBeNull();
    expect(describeUnlock(null)).toBe('spendable now');
  });

  it('agrees with what the wallet can spend on a real chain, block by block', async () => {
    const params = { ...REGTEST, coinbaseMaturity: 6 };
    const { node } = await makeNode(new MemoryNetwork(), params, { start: false });
    const alice = new WalletTracker(node, ALICE.hex);
    await node.mineRegtestBlocks(3, ALICE.pub);
    await alice.rescan();
    for (let step = 0; step < 8; step++) {
      const tip = node.chain.height;
      const rewards = alice.history().filter((h) => h.direction === 'mined') as HistoryRow[];
      const locks = rewardLocks(rewards, { tip, spacing: params.spacing, coinbaseMaturity: params.coinbaseMaturity });
      const b = alice.balances();
      const lockedRewards = rewards.filter((r) => unlockIn(rewardUnlockHeight(r.height!, params.coinbaseMaturity), tip, params.spacing) !== null);
      expect(lockedRewards.reduce((n, r) => n + r.amount, 0n)).toBe(b.locked);
      expect(locks.locked).toBe(lockedRewards.length);
      expect(locks.next).toEqual(b.nextUnlockHeight === null ? null : unlockIn(b.nextUnlockHeight, tip, params.spacing));
      await node.mineRegtestBlocks(1, ALICE.pub);
    }
    // By now the first rewards have unlocked and the newest is still locked.
    const locks = rewardLocks(alice.history() as HistoryRow[], { tip: node.chain.height, spacing: params.spacing, coinbaseMaturity: 6 });
    expect(locks.locked).toBe(5);
    expect(locks.next).toEqual({ blocks: 1, seconds: params.spacing });
    node.stop();
  });

  it('skips rows that are not confirmed rewards', () => {
    const row = (over: Partial<HistoryRow>) => ({ direction: 'mined', status: 'confirmed', height: 5, ...over }) as HistoryRow;
    const chain = { tip: 5, spacing: 10, coinbaseMaturity: 6 };
    expect(rewardLocks([row({ direction: 'in' }), row({ status: 'dropped' }), row({ height: null })], chain)).toEqual({ locked: 0, next: null });
    expect(rewardLocks([row({}), row({ height: 4 })], chain)).toEqual({ locked: 2, next: { blocks: 4, seconds: 40 } });
  });
});
