// Initial block download connects a backlog of blocks in batches: one store write per
// CONNECT_BATCH blocks, each batch atomic, and the same chain, state and store as one by one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALICE, BOB, CAROL, makeBlock, mine, mineMany, newChain, transfer } from '../helpers';
import type { Chain } from '../../../../src/core/chain/chain';
import type { MemoryChainStore } from '../../../../src/core/chain/store';
import { CONNECT_BATCH } from '../../../../src/core/chain/connect-run';
import { VerifyError } from '../../../../src/core/protocol/verify-error';
import { COIN } from '../../../../src/core/protocol/consensus';
import type { Block } from '../../../../src/core/primitives/block';

/** A source chain's active blocks above genesis, in order. */
async function blocksOf(chain: Chain): Promise<Block[]> {
  const out: Block[] = [];
  for (let h = 1; h <= chain.height; h++) out.push(await chain.loadBlock(chain.entryAt(h)));
  return out;
}

/** Everything a chain and its store hold that connecting decides. */
const snapshot = (chain: Chain, store: MemoryChainStore) => ({
  tip: chain.tip.hashHex,
  active: chain.activeFrom().map((e) => e.hashHex),
  accounts: [...chain.accounts].sort(([a], [b]) => (a < b ? -1 : 1)),
  store: {
    tip: store.tip,
    bestChain: [...store.bestChain],
    accounts: [...store.accounts].sort(([a], [b]) => (a < b ? -1 : 1)),
    undo: [...store.undo].sort(([a], [b]) => (a < b ? -1 : 1)),
    blocks: [...store.blocks.keys()].sort(),
    entries: [...store.entries.keys()].sort(),
  },
});

describe('batched connection during initial block download', () => {
  it(`writes a backlog of N blocks in ceil(N / ${CONNECT_BATCH}) transactions, firing each connect in order`, async () => {
    const { chain: source } = await newChain();
    await mineMany(source, 600);
    const blocks = await blocksOf(source);
    const { chain, store } = await newChain();
    const connected: number[] = [];
    chain.events.on('connect', ({ entry }) => connected.push(entry.height));
    const writes = store.writes;
    const results = await Promise.all(blocks.map((b) => chain.submitBlock(b)));
    expect(results.every((r) => r === 'connected')).toBe(true);
    expect(store.writes - writes).toBe(Math.ceil(600 / CONNECT_BATCH));
    expect(chain.tip.hashHex).toBe(source.tip.hashHex);
    expect(connected).toEqual(blocks.map((_, i) => i + 1));
    // At the tip a block arrives alone, and is its own transaction.
    const before = store.writes;
    await mine(chain);
    expect(store.writes - before).toBe(1);
  });

  it('leaves memory as it was when a batch write fails, and stores the blocks unconnected', async () => {
    const { chain: source } = await newChain();
    await mineMany(source, 20);
    const { chain, store } = await newChain();
    const write = store.write.bind(store);
    let failNext = true;
    store.write = async (batch) => {
      if (failNext && batch.tip !== undefined) {
        failNext = false;
        throw new Error('disk gone');
      }
      return write(batch);
    };
    const events: number[] = [];
    chain.events.on('connect', ({ entry }) => events.push(entry.height));
    const settled = await Promise.allSettled((await blocksOf(source)).map((b) => chain.submitBlock(b)));
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'disk gone')).toBe(true);
    expect(chain.height).toBe(0);
    expect(chain.accounts.size).toBe(0);
    expect(events).toEqual([]);
    expect(store.tip).toBe(chain.tip.hashHex);
    expect(store.bestChain).toHaveLength(1);
    expect(store.accounts.size).toBe(0);
    expect(store.blocks.size).toBe(21); // genesis and the 20, kept for the next activation
  });

  it('connects a batch up to a block that breaks a state rule; it and its descendants are refused', async () => {
    const { chain: source } = await newChain();
    await mineMany(source, 5);
    const good = await blocksOf(source);
    // CAROL has nothing: connecting this block fails on state, after its sanity checks passed.
    const bad = makeBlock(source, { txs: [transfer(CAROL, BOB, COIN, 0)] });
    const { chain, store } = await newChain();
    const writes = store.writes;
    const settled = await Promise.allSettled([...good, bad].map((b) => chain.submitBlock(b)));
    expect(settled.slice(0, 5).map((s) => s.status === 'fulfilled' && s.value)).toEqual(Array(5).fill('connected'));
    expect(settled[5]?.status === 'rejected' && settled[5].reason instanceof VerifyError).toBe(true);
    expect(chain.tip.hashHex).toBe(source.tip.hashHex);
    expect(store.tip).toBe(source.tip.hashHex);
    // The five in one write; the refused block's entry marked invalid in another.
    expect(store.writes - writes).toBe(2);
  });

  it('reaches the same chain, state and store batched as one block at a time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('none', 'bob', 'carol', 'both'), { minLength: 1, maxLength: 30 }), async (plan) => {
        const { chain: source } = await newChain();
        await mineMany(source, 3);
        let nonce = 0;
        for (const step of plan) {
          const txs = [];
          if (step === 'bob' || step === 'both') txs.push(transfer(ALICE, BOB, 2n * COIN, nonce++));
          if (step === 'carol' || step === 'both') txs.push(transfer(ALICE, CAROL, COIN, nonce++));
          await mine(source, { txs, to: step === 'carol' ? BOB : ALICE });
        }
        const blocks = await blocksOf(source);
        const one = await newChain();
        for (const b of blocks) expect(await one.chain.submitBlock(b)).toBe('connected');
        const batched = await newChain();
        await Promise.all(blocks.map((b) => batched.chain.submitBlock(b)));
        expect(snapshot(batched.chain, batched.store)).toEqual(snapshot(one.chain, one.store));
        expect(batched.store.writes).toBeLessThan(one.store.writes);
      }),
      { numRuns: 15 },
    );
  });
});
