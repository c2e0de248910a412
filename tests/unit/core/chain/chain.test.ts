import { describe, expect, it } from 'vitest';
import { ALICE, BOB, deliver, makeBlock, mine, mineMany, newChain, transfer } from '../helpers';
import { Chain } from '../../../../src/core/chain/chain';
import { COIN } from '../../../../src/core/protocol/consensus';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { toHex } from '../../../../src/core/encoding/bytes';
import { spendableAt, totalOf } from '../../../../src/core/state/account';
import { blockHash } from '../../../../src/core/primitives/block';

/** Every account, by key: what "the same state" means. */
const stateOf = (chain: Chain) => [...chain.accounts].sort(([a], [b]) => (a < b ? -1 : 1));

/** The state a fresh node reaches by connecting only the blocks of chain's active branch, in order. */
async function replayed(chain: Chain) {
  const { chain: fresh } = await newChain(chain.params);
  for (let h = 1; h <= chain.height; h++) expect(await fresh.submitBlock(await chain.loadBlock(chain.index.ancestor(chain.tip, h)!))).toBe('connected');
  return stateOf(fresh);
}

describe('Chain', () => {
  it('starts at genesis and connects mined blocks', async () => {
    const { chain } = await newChain();
    expect(chain.height).toBe(0);
    expect(chain.tip.hashHex).toBe(toHex(REGTEST.genesisHash));
    await mineMany(chain, 3);
    expect(chain.height).toBe(3);
    expect(totalOf(chain.account(ALICE.hex)!)).toBe(150n * COIN);
  });

  it('pays a transfer once the reward matures, and reopens from the store with the same state', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 3); // the reward at height 1 unlocks at height 3
    await mine(chain, { txs: [transfer(ALICE, BOB, 10n * COIN, 0)] });
    expect(chain.account(BOB.hex)).toEqual({ balance: 10n * COIN, nonce: 0, locked: [] });
    const alice = chain.account(ALICE.hex)!;
    expect(alice.nonce).toBe(1);
    expect(totalOf(alice)).toBe(200n * COIN - 10n * COIN); // the fee came back as coinbase
    const reopened = await Chain.open(REGTEST, store, { now: () => 0 });
    expect(reopened.tip.hashHex).toBe(chain.tip.hashHex);
    expect([...reopened.accounts]).toEqual([...chain.accounts]);
  });

  it('reorganises to a heavier branch and back, restoring state exactly', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 3);
    const fork = chain.tip;
    await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)] });
    await mine(chain);
    const mainTip = chain.tip;
    const a1 = makeBlock(chain, { parent: fork, to: BOB, dt: 31 });
    // Less work than the tip: the header is checked, the body neither verified nor stored.
    expect(await chain.submitBlock(a1)).toBe('low-work');
    expect(chain.index.get(toHex(blockHash(a1)))).toBeUndefined();
    expect(await deliver(chain, a1)).toBe('low-work'); // headers first: indexed, still no body
    const a1e = chain.index.get(toHex(blockHash(a1)))!;
    expect(a1e.hasData).toBe(false);
    const a2 = makeBlock(chain, { parent: a1e, to: BOB });
    expect(await deliver(chain, a2)).toBe('low-work'); // equal work: our tip's block was received first
    expect(chain.tip).toBe(mainTip);
    const a3 = makeBlock(chain, { parent: chain.index.get(toHex(blockHash(a2)))!, to: BOB });
    expect(await deliver(chain, a3)).toBe('connected'); // more work: a1 and a2 are fetched and verified
    expect(chain.tip.hashHex).toBe(toHex(blockHash(a3)));
    expect(chain.account(ALICE.hex)!.nonce).toBe(0);
    expect(totalOf(chain.account(BOB.hex)!)).toBe(150n * COIN);
    // Every account, not a count: the transfer undone, BOB's rewards in, nothing left over.
    expect(stateOf(chain)).toEqual(await replayed(chain));
    // Back: two more on the old branch.
    await mine(chain, { parent: mainTip });
    const e = chain.index.get(chain.index.childrenOf(mainTip)[0]!.hashHex)!;
    await mine(chain, { parent: e });
    expect(chain.height).toBe(7);
    expect(chain.account(ALICE.hex)!.nonce).toBe(1);
    expect(stateOf(chain)).toEqual(await replayed(chain));
  });

  it('holds orphans until their parent arrives', async () => {
    const { chain } = await newChain();
    const b1 = makeBlock(chain);
    await chain.submitBlock(b1);
    const e1 = chain.tip;
    const b2 = makeBlock(chain, { parent: e1 });
    await chain.submitBlock(b2);
    const b3 = makeBlock(chain, { parent: chain.tip });
    const { chain: other } = await newChain();
    expect(await other.submitBlock(b3)).toBe('orphan');
    expect(await other.submitBlock(b2)).toBe('orphan');
    expect(other.orphans.missingRoot(toHex(blockHash(b3)))).toBe(e1.hashHex);
    expect(await other.submitBlock(b1)).toBe('connected');
    expect(other.height).toBe(3);
    expect(other.orphans.size).toBe(0);
    expect(await other.submitBlock(b1)).toBe('duplicate');
  });

  it('marks an invalid block and its descendants, rejecting blocks built on them', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 2);
    const fork = chain.tip;
    // At height 3 Alice holds 100 coins (50 of them mature): 200 is more than she has at all.
    const bad = makeBlock(chain, { txs: [transfer(ALICE, BOB, 200n * COIN, 0)] });
    await expect(chain.submitBlock(bad)).rejects.toMatchObject({ code: 'tx-insufficient-funds' });
    expect(chain.tip).toBe(fork);
    const badEntry = chain.index.get(toHex(blockHash(bad)))!;
    expect(badEntry.invalid).toBe(true);
    const child = makeBlock(chain, { parent: badEntry });
    await expect(chain.submitBlock(child)).rejects.toMatchObject({ code: 'bad-prevblk' });
    await expect(chain.submitBlock(bad)).rejects.toMatchObject({ code: 'tx-insufficient-funds' });
  });

  it('ends on the best valid chain when a heavier branch fails midway', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 3);
    const fork = chain.tip;
    await mine(chain);
    const oldTip = chain.tip;
    const x1 = makeBlock(chain, { parent: fork, to: BOB, dt: 29 });
    await chain.submitBlock(x1);
    const x1e = chain.index.get(toHex(blockHash(x1)))!;
    // x2 spends more than Bob has: invalid, but only found on connect.
    const x2 = makeBlock(chain, { parent: x1e, to: BOB, txs: [transfer(BOB, ALICE, 1000n * COIN, 0)] });
    const x2e = await chain.submitBlock(x2).catch((e) => e);
    expect(x2e).toMatchObject({ code: 'tx-insufficient-funds' });
    expect(chain.tip).toBe(oldTip);
  });

  it('gives block locators: ten steps back, then doubling, ending at genesis', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 30);
    const heights = chain.locator().map((h) => chain.index.get(toHex(h))!.height);
    expect(heights).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 18, 14, 6, 0]);
    expect(chain.findFork([new Uint8Array(32), chain.entryAt(12).hash])).toBe(chain.entryAt(12));
    expect(chain.findFork([new Uint8Array(32)])).toBe(chain.entryAt(0));
  });

  it('keeps spendable and total balances apart until maturity', async () => {
    const { chain } = await newChain();
    await mine(chain);
    const a = chain.account(ALICE.hex)!;
    expect(spendableAt(a, 2)).toBe(0n);
    expect(spendableAt(a, 3)).toBe(50n * COIN);
  });
});

describe('Chain.open after a crash', () => {
  it('writes a block that extends the tip in the same transaction as its connection', async () => {
    const { chain, store } = await newChain();
    const writes = store.writes;
    await mine(chain);
    expect(store.writes - writes).toBe(1);
  });

  it('connects blocks that were stored but not connected when the session ended', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 2);
    const block = makeBlock(chain);
    // The connecting write fails; the block is then stored on its own, unconnected.
    const write = store.write.bind(store);
    let calls = 0;
    store.write = async (batch) => {
      if (++calls === 1) throw new Error('tab killed');
      return write(batch);
    };
    await expect(chain.submitBlock(block)).rejects.toThrow('tab killed');
    expect(calls).toBe(2);
    expect(store.tip).toBe(chain.tip.hashHex);
    store.write = write;
    const reopened = await Chain.open(REGTEST, store, { now: () => 2e9 });
    expect(reopened.height).toBe(3);
    expect(reopened.tip.hashHex).toBe(toHex(blockHash(block)));
  });
  it('keeps a block that arrived after a stored descendant marked as held when reopened (it connected, so it is stored)', async () => {
    const { chain: source } = await newChain();
    await mineMany(source, 3);
    const [first, , third] = await Promise.all([1, 2, 3].map((h) => source.loadBlock(source.entryAt(h))));
    const { chain, store } = await newChain();
    await chain.acceptHeaders([1, 2, 3].map((h) => source.entryAt(h).header));
    // Out of order (a re-requested block, a second peer): the third is stored first, and with it
    // the header-only entries on its way, which say "no data" for the first and second.
    expect(await chain.submitBlock(third!)).toBe('stored');
    expect(await chain.submitBlock(first!)).toBe('connected');
    const firstHex = toHex(blockHash(first!));
    expect(chain.tip.hashHex).toBe(firstHex);
    expect(store.entries.get(firstHex)?.hasData).toBe(true);
    const reopened = await Chain.open(REGTEST, store, { now: () => 2e9 });
    expect(reopened.tip.hashHex).toBe(firstHex);
    expect(reopened.index.get(firstHex)?.hasData).toBe(true);
  });

  it('reads every block of the stored best chain as held, even one whose stored header says otherwise', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 2);
    const stale = chain.entryAt(1).hashHex;
    store.entries.set(stale, { ...store.entries.get(stale)!, hasData: false });
    const reopened = await Chain.open(REGTEST, store, { now: () => 2e9 });
    expect(reopened.index.get(stale)?.hasData).toBe(true);
    expect(reopened.tip.hashHex).toBe(chain.tip.hashHex);
  });
});

describe('header acceptance cost', () => {
  it('accepting a block never walks its chain down to height 1 (the ASERT anchor is cached per entry)', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 40);
    const low = chain.entryAt(2);
    let reads = 0;
    const parent = low.parent;
    Object.defineProperty(low, 'parent', { get: () => (reads++, parent), configurable: true });
    const block = makeBlock(chain);
    reads = 0;
    expect(await chain.submitBlock(block)).toBe('connected');
    expect(reads).toBe(0);
    expect(chain.bitsAfter(chain.tip)).toBe(REGTEST.genesis.header.bits);
  });
});
