// Issue 15's mempool defects, each as found: a nonce hole left by eviction, transfers funded by a
// disconnected block left in the pool, and a fee bump that evicts follow-on transfers for free.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, deliver, key, makeBlock, mine, mineMany, newChain, transfer } from '../helpers';
import { Mempool } from '../../../../src/core/mempool/mempool';
import { COIN } from '../../../../src/core/protocol/consensus';
import { toHex } from '../../../../src/core/encoding/bytes';
import { encodeTx, txid, type TransferTx } from '../../../../src/core/primitives/tx';
import { blockHash } from '../../../../src/core/primitives/block';
import { spendableAt } from '../../../../src/core/state/account';
import type { Chain } from '../../../../src/core/chain/chain';
import type { IndexEntry } from '../../../../src/core/chain/header-index';

const idOf = (tx: TransferTx) => toHex(txid(tx));
const SIZE = encodeTx(transfer(ALICE, BOB, COIN, 0)).length;
const DAVE = key('dave');

/** Every sender's pending nonces, which must run on from the account's next nonce. */
function expectContiguous(chain: Chain, pool: Mempool): void {
  const senders = new Set(pool.entries().map((e) => e.senderHex));
  for (const s of senders) {
    const base = chain.account(s)?.nonce ?? 0;
    expect(pool.pendingOf(s).map((e) => e.tx.nonce)).toEqual(pool.pendingOf(s).map((_, i) => base + i));
  }
}

/** A branch of n blocks paying `to`, from parent, submitted in order. */
async function branch(chain: Chain, parent: IndexEntry, n: number, to = CAROL): Promise<void> {
  let at = parent;
  for (let i = 0; i < n; i++) {
    const b = makeBlock(chain, { parent: at, to, dt: 31 });
    await deliver(chain, b); // headers first, as over p2p: a side branch is fetched once it has more work
    at = chain.index.get(toHex(blockHash(b)))!;
  }
}

describe('defect 1: eviction never leaves a nonce hole', () => {
  it('does not evict the tail a new transfer builds on', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain, { maxBytes: SIZE * 2 });
    const a0 = transfer(ALICE, CAROL, COIN, 0, { fee: 1_000n });
    const b0 = transfer(BOB, CAROL, COIN, 0, { fee: 3_000n });
    pool.add(a0);
    pool.add(b0);
    // Alice's next transfer pays best: room is made from Bob's tail, not from a0 that it needs.
    const a1 = transfer(ALICE, CAROL, COIN, 1, { fee: 9_000n });
    pool.add(a1);
    expect(pool.pendingOf(ALICE.hex).map((e) => e.id)).toEqual([idOf(a0), idOf(a1)]);
    expect(pool.has(idOf(b0))).toBe(false);
    expectContiguous(chain, pool);
    // The wallet's next nonce is accepted or refused by a rule, never a TypeError.
    expect(pool.nextNonce(ALICE.hex)).toBe(2);
    expect(() => pool.add(transfer(ALICE, CAROL, COIN, 2, { fee: 20_000n }))).toThrow(expect.objectContaining({ code: 'mempool-full' }));
    // A block with the whole chain connects, and the pool follows it.
    await mine(chain, { txs: pool.selectForBlock(100_000) });
    expect(pool.size).toBe(0);
  });

  it('refuses a transfer that cannot make room, and then evicts nothing', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain, { maxBytes: SIZE * 3 });
    const b0 = transfer(BOB, CAROL, COIN, 0, { fee: 2_000n });
    const a0 = transfer(ALICE, CAROL, COIN, 0, { fee: 5_000n });
    const a1 = transfer(ALICE, CAROL, COIN, 1, { fee: 5_000n });
    for (const t of [b0, a0, a1]) pool.add(t);
    // Needs two evictions but beats only one of the tails on offer (b0, then a1): nothing moves.
    const carol = transfer(CAROL, BOB, COIN, 0, { fee: 4_000n, memo: new Uint8Array(64) });
    await mineMany(chain, 3, { to: CAROL });
    expect(() => pool.add(carol)).toThrow(expect.objectContaining({ code: 'mempool-full' }));
    expect(pool.entries().map((e) => e.id).sort()).toEqual([b0, a0, a1].map(idOf).sort());
  });
});

describe('defect 3: a reorg rechecks every sender whose state it changed', () => {
  it('drops a transfer spending the coinbase of a disconnected block', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 3, { to: CAROL });
    const fork = chain.tip;
    await mine(chain, { to: ALICE }); // height 4: 50 coins, mature at 6
    await mine(chain, { to: BOB });
    const pool = new Mempool(chain);
    const spend = transfer(ALICE, BOB, 10n * COIN, 0);
    pool.add(spend);
    await branch(chain, fork, 3);
    expect(chain.account(ALICE.hex)).toBeNull();
    expect(pool.has(idOf(spend))).toBe(false);
    await mine(chain, { txs: pool.selectForBlock(100_000) });
  });

  it('drops a transfer funded by a disconnected transfer, and keeps the disconnected transfer', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    const fork = chain.tip;
    const pay = transfer(ALICE, DAVE, 5n * COIN, 0);
    await mine(chain, { txs: [pay] });
    const pool = new Mempool(chain);
    const daveSpends = transfer(DAVE, BOB, COIN, 0);
    pool.add(daveSpends);
    await branch(chain, fork, 2);
    expect(pool.has(idOf(pay))).toBe(true);
    expect(pool.has(idOf(daveSpends))).toBe(false);
    expectContiguous(chain, pool);
  });

  it('drops a transfer that a shorter chain leaves immature', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 2, { to: CAROL });
    await mine(chain, { to: ALICE }); // height 3, mature at 5
    const fork = chain.tip;
    await mine(chain, { to: CAROL }); // height 4: the next block (5) may spend Alice's reward
    const pool = new Mempool(chain);
    const spend = transfer(ALICE, BOB, 10n * COIN, 0);
    pool.add(spend);
    // Disconnecting height 4 (which never touched Alice) makes the next height 4 again.
    await chain.disconnectTip();
    expect(chain.tip).toBe(fork);
    expect(spendableAt(chain.account(ALICE.hex)!, chain.height + 1)).toBe(0n);
    expect(pool.has(idOf(spend))).toBe(false);
  });
});

describe('defect 4: a replacement pays for everything it evicts (BIP125 rule 3)', () => {
  it('refuses a drain that would evict 24 follow-on transfers for a small bump', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    const pool = new Mempool(chain);
    const chainOf = Array.from({ length: 25 }, (_, n) => transfer(ALICE, BOB, COIN, n, { fee: 5_000n }));
    for (const t of chainOf) pool.add(t);
    const all = spendableAt(chain.account(ALICE.hex)!, chain.height + 1);
    const drain = (fee: bigint) => transfer(ALICE, CAROL, all - fee, 0, { fee });
    // +910 units (the relay fee of its bytes) beats the one it replaces, not the 24 it evicts.
    expect(() => pool.add(drain(5_000n + 5n * BigInt(SIZE)))).toThrow(expect.objectContaining({ code: 'mempool-rbf-fee-too-low' }));
    expect(pool.size).toBe(25);
    const enough = drain(25n * 5_000n + 5n * BigInt(SIZE));
    pool.add(enough);
    expect(pool.entries().map((e) => e.id)).toEqual([idOf(enough)]);
  });

  it('a replacement that keeps the follow-ons payable pays only for the one it replaces', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    const pool = new Mempool(chain);
    for (let n = 0; n < 3; n++) pool.add(transfer(ALICE, BOB, COIN, n, { fee: 5_000n }));
    const bump = transfer(ALICE, BOB, COIN, 0, { fee: 5_000n + 5n * BigInt(SIZE) });
    pool.add(bump);
    expect(pool.pendingOf(ALICE.hex).map((e) => e.tx.nonce)).toEqual([0, 1, 2]);
    expect(pool.pendingOf(ALICE.hex)[0]!.id).toBe(idOf(bump));
  });

  it('quotes the least replacement fee exactly: one unit less is refused, that fee is accepted', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    const pool = new Mempool(chain);
    const all = spendableAt(chain.account(ALICE.hex)!, chain.height + 1);
    // The first transfer leaves exactly enough for two follow-ons: any bump leaves the last unpayable.
    const first = transfer(ALICE, CAROL, all - 2n * (COIN + 5_000n) - 5_000n, 0, { fee: 5_000n });
    pool.add(first);
    for (let n = 1; n <= 2; n++) pool.add(transfer(ALICE, BOB, COIN, n, { fee: 5_000n }));
    expect(pool.replacementNeeds(first, 5_001n)).toEqual({ needed: 10_000n + 5n * BigInt(SIZE), evicts: 2 });
    // The old fee plus the relay of its bytes (5,910) would be refused: it must pay for nonce 2 too.
    const minimum = pool.replacementMinimum(first);
    expect(minimum).toBe(10_000n + 5n * BigInt(SIZE));
    const at = (fee: bigint) => transfer(ALICE, CAROL, first.amount, 0, { fee });
    expect(() => pool.add(at(minimum - 1n))).toThrow(expect.objectContaining({ code: 'mempool-rbf-fee-too-low' }));
    expect(pool.size).toBe(3);
    pool.add(at(minimum));
    expect(pool.pendingOf(ALICE.hex).map((e) => e.tx.fee)).toEqual([minimum, 5_000n]);
    // Not pending (replaced), or a fee the sender cannot pay: refused with the rule, not a TypeError.
    expect(() => pool.replacementNeeds(first, all * 2n)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^tx-/) }));
  });

  it('a larger replacement makes room from other senders and never exceeds the cap', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain, { maxBytes: SIZE * 2 });
    pool.add(transfer(ALICE, CAROL, COIN, 0, { fee: 5_000n }));
    const b0 = transfer(BOB, CAROL, COIN, 0, { fee: 2_000n });
    pool.add(b0);
    pool.add(transfer(ALICE, CAROL, COIN, 0, { fee: 9_000n, memo: new Uint8Array(64) }));
    expect(pool.totalBytes).toBeLessThanOrEqual(SIZE * 2);
    expect(pool.has(idOf(b0))).toBe(false);
  });
});

describe('eviction is not free relay (Bitcoin Core incremental relay fee)', () => {
  it('a newcomer must beat the fee rate it evicts by the relay fee rate, not by one unit', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain, { maxBytes: SIZE });
    pool.add(transfer(ALICE, CAROL, COIN, 0, { fee: 1_000n }));
    // One unit more evicts a stranger's transfer and is relayed, yet is itself evicted for one more unit...
    expect(() => pool.add(transfer(BOB, CAROL, COIN, 0, { fee: 1_001n }))).toThrow(expect.objectContaining({ code: 'mempool-full' }));
    expect(() => pool.add(transfer(BOB, CAROL, COIN, 0, { fee: 999n + pool.minFeeRate * BigInt(SIZE) }))).toThrow(expect.objectContaining({ code: 'mempool-full' }));
    // ...so each step must pay the relay fee of its own bytes on top of what it evicts.
    const enough = transfer(BOB, CAROL, COIN, 0, { fee: 1_000n + pool.minFeeRate * BigInt(SIZE) });
    pool.add(enough);
    expect(pool.entries().map((e) => e.id)).toEqual([idOf(enough)]);
  });
});
