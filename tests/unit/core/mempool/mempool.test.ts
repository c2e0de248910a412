import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, deliver, makeBlock, mine, mineMany, newChain, transfer } from '../helpers';
import { Mempool, type RemovalReason } from '../../../../src/core/mempool/mempool';
import { COIN } from '../../../../src/core/protocol/consensus';
import { toHex } from '../../../../src/core/encoding/bytes';
import { txid, TX_KIND_COINBASE, encodeTx } from '../../../../src/core/primitives/tx';
import { blockHash } from '../../../../src/core/primitives/block';
import { MAIN } from '../../../../src/core/protocol/networks';

async function setup(options = {}) {
  const { chain } = await newChain();
  await mineMany(chain, 4);
  const pool = new Mempool(chain, options);
  const removed: Array<[string, RemovalReason]> = [];
  pool.events.on('removed', ({ entry, reason }) => removed.push([entry.id, reason]));
  return { chain, pool, removed };
}

const idOf = (tx: Parameters<typeof txid>[0]) => toHex(txid(tx));

describe('Mempool admission', () => {
  it('admits a nonce chain per sender and reports the next nonce', async () => {
    const { pool } = await setup();
    pool.add(transfer(ALICE, BOB, COIN, 0));
    pool.add(transfer(ALICE, CAROL, COIN, 1));
    expect(pool.size).toBe(2);
    expect(pool.nextNonce(ALICE.hex)).toBe(2);
    expect(pool.pendingOf(ALICE.hex).map((e) => e.tx.nonce)).toEqual([0, 1]);
  });

  it('rejects gaps, reuse of a confirmed nonce, duplicates and coinbases', async () => {
    const { chain, pool } = await setup();
    const t0 = transfer(ALICE, BOB, COIN, 0);
    expect(() => pool.add(transfer(ALICE, BOB, COIN, 1))).toThrow(expect.objectContaining({ code: 'tx-bad-nonce' }));
    pool.add(t0);
    expect(() => pool.add(t0)).toThrow(expect.objectContaining({ code: 'mempool-duplicate' }));
    await mine(chain, { txs: [t0] });
    expect(pool.size).toBe(0);
    expect(() => pool.add(transfer(ALICE, BOB, 2n * COIN, 0))).toThrow(expect.objectContaining({ code: 'tx-bad-nonce' }));
    const cb = makeBlock(chain).txs[0]!;
    expect(cb.kind).toBe(TX_KIND_COINBASE);
    expect(() => pool.add(cb)).toThrow(expect.objectContaining({ code: 'mempool-coinbase' }));
  });

  it('applies consensus rules: signature, network, funds across the whole chain', async () => {
    const { pool } = await setup();
    const t = transfer(ALICE, BOB, COIN, 0);
    expect(() => pool.add({ ...t, fee: t.fee + 1n })).toThrow(expect.objectContaining({ code: 'tx-bad-sig' }));
    expect(() => pool.add(transfer(ALICE, BOB, COIN, 0, {}, MAIN))).toThrow(expect.objectContaining({ code: 'tx-wrong-chain' }));
    pool.add(transfer(ALICE, BOB, 80n * COIN, 0));
    // 150 coins are mature at the next height; 80 + 80 is too much even though 200 exist in all.
    expect(() => pool.add(transfer(ALICE, BOB, 80n * COIN, 1))).toThrow(expect.objectContaining({ code: 'tx-immature-coinbase' }));
    expect(() => pool.add(transfer(BOB, ALICE, COIN, 0))).toThrow(expect.objectContaining({ code: 'tx-insufficient-funds' }));
  });

  it('enforces the minimum relay fee rate and the per-sender limit', async () => {
    const { pool } = await setup({ minFeeRate: 10n, maxPerSender: 2 });
    const size = encodeTx(transfer(ALICE, BOB, COIN, 0)).length;
    expect(() => pool.add(transfer(ALICE, BOB, COIN, 0, { fee: 10n * BigInt(size) - 1n }))).toThrow(expect.objectContaining({ code: 'mempool-fee-too-low' }));
    pool.add(transfer(ALICE, BOB, COIN, 0, { fee: 10n * BigInt(size) }));
    pool.add(transfer(ALICE, BOB, COIN, 1, { fee: 10_000n }));
    expect(() => pool.add(transfer(ALICE, BOB, COIN, 2, { fee: 10_000n }))).toThrow(expect.objectContaining({ code: 'mempool-chain-too-long' }));
  });
});

describe('replace-by-fee', () => {
  it('replaces the same (sender, nonce) only for a higher fee, and drops what it makes unpayable', async () => {
    const { pool, removed } = await setup();
    const first = transfer(ALICE, BOB, COIN, 0, { fee: 2_000n });
    pool.add(first);
    const follow = transfer(ALICE, BOB, 49n * COIN, 1, { fee: 2_000n });
    pool.add(follow);
    expect(() => pool.add(transfer(ALICE, CAROL, COIN, 0, { fee: 2_500n }))).toThrow(expect.objectContaining({ code: 'mempool-rbf-fee-too-low' }));
    // Paying far more for nonce 0 leaves too little for nonce 1.
    const bump = transfer(ALICE, BOB, 110n * COIN, 0, { fee: 10_000n });
    pool.add(bump);
    expect(removed).toEqual([
      [idOf(first), 'replaced'],
      [idOf(follow), 'invalid'],
    ]);
    expect(pool.pendingOf(ALICE.hex).map((e) => e.id)).toEqual([idOf(bump)]);
    // The pool's byte count forgets what was replaced and dropped.
    expect(pool.totalBytes).toBe(encodeTx(bump).length);
  });
});

describe('size cap', () => {
  it('evicts the lowest fee rate tail first, and refuses a transfer that would pay least', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const size = encodeTx(transfer(ALICE, BOB, COIN, 0)).length;
    const pool = new Mempool(chain, { maxBytes: size * 2 });
    const cheap = transfer(ALICE, CAROL, COIN, 0, { fee: 1_000n });
    pool.add(cheap);
    pool.add(transfer(BOB, CAROL, COIN, 0, { fee: 5_000n }));
    expect(() => pool.add(transfer(ALICE, CAROL, COIN, 1, { fee: 999n + 1n }))).toThrow(expect.objectContaining({ code: 'mempool-full' }));
    pool.add(transfer(BOB, CAROL, COIN, 1, { fee: 3_000n }));
    expect(pool.has(idOf(cheap))).toBe(false);
    expect(pool.totalBytes).toBe(size * 2);
  });
});

describe('blocks and reorgs', () => {
  it('drops confirmed transfers and conflicts, and re-admits transfers of disconnected blocks', async () => {
    const { chain, pool, removed } = await setup();
    const fork = chain.tip;
    const mempoolTx = transfer(ALICE, BOB, COIN, 0);
    pool.add(mempoolTx);
    const conflicting = transfer(ALICE, CAROL, 2n * COIN, 0);
    const b = await mine(chain, { txs: [conflicting] });
    expect(removed).toEqual([[idOf(mempoolTx), 'replaced']]);
    // A heavier branch without that block: the confirmed transfer comes back to the mempool.
    const x1 = makeBlock(chain, { parent: fork, dt: 31 });
    await deliver(chain, x1);
    const x2 = makeBlock(chain, { parent: chain.index.get(toHex(blockHash(x1)))! });
    await deliver(chain, x2);
    expect(chain.tip.hashHex).toBe(toHex(blockHash(x2)));
    expect(pool.has(idOf(conflicting))).toBe(true);
    expect(b.txs).toHaveLength(2);
  });

  it('verifies a signature once: on admission, not again in the block', async () => {
    const { chain, pool } = await setup();
    const t = transfer(ALICE, BOB, COIN, 0);
    pool.add(t);
    const misses = chain.sigCache.misses;
    await mine(chain, { txs: pool.selectForBlock(100_000) });
    expect(chain.sigCache.misses).toBe(misses);
    expect(chain.sigCache.hits).toBeGreaterThan(0);
  });

  it('builds templates by fee rate across senders and in nonce order within one, within the size limit', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain);
    const a0 = transfer(ALICE, CAROL, COIN, 0, { fee: 1_000n });
    const a1 = transfer(ALICE, CAROL, COIN, 1, { fee: 9_000n });
    const b0 = transfer(BOB, CAROL, COIN, 0, { fee: 5_000n });
    for (const t of [a0, a1, b0]) pool.add(t);
    expect(pool.selectForBlock(100_000).map(idOf)).toEqual([b0, a0, a1].map(idOf));
    const size = encodeTx(a0).length;
    expect(pool.selectForBlock(size * 2).map(idOf)).toEqual([b0, a0].map(idOf));
    expect(await chain.submitBlock(makeBlock(chain, { txs: pool.selectForBlock(100_000) }))).toBe('connected');
    expect(pool.size).toBe(0);
  });

  it('orders a template by fee per byte, not by fee: a larger transfer paying a little more comes later', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4, { to: ALICE });
    await mineMany(chain, 4, { to: BOB });
    const pool = new Mempool(chain);
    const big = transfer(ALICE, CAROL, COIN, 0, { fee: 3_000n, memo: new Uint8Array(64).fill(1) });
    const small = transfer(BOB, CAROL, COIN, 0, { fee: 2_900n });
    pool.add(big);
    pool.add(small);
    expect(encodeTx(big).length).toBeGreaterThan(encodeTx(small).length);
    expect(pool.selectForBlock(100_000).map(idOf)).toEqual([small, big].map(idOf));
  });
});

describe('Mempool bookkeeping', () => {
  it('answers for a sender it has never seen, and counts from the account nonce', async () => {
    const { chain, pool } = await setup();
    expect([pool.nextNonce(CAROL.hex), pool.pendingOf(CAROL.hex)]).toEqual([0, []]);
    await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)] });
    pool.add(transfer(ALICE, BOB, COIN, 1));
    expect(pool.nextNonce(ALICE.hex)).toBe(2);
    expect(pool.get(idOf(transfer(ALICE, BOB, COIN, 1)))!.tx.nonce).toBe(1);
  });

  it('stamps an entry with the caller clock, and says added, confirmed and invalid as it happens', async () => {
    const { chain, pool, removed } = await setup({ now: () => 42 });
    const added: string[] = [];
    pool.events.on('added', (e) => added.push(e.id));
    const t0 = transfer(ALICE, BOB, 10n * COIN, 0);
    const t1 = transfer(ALICE, BOB, 100n * COIN, 1); // Alice can spend 150 at the next height
    expect(pool.add(t0).time).toBe(42);
    pool.add(t1);
    expect(added).toEqual([idOf(t0), idOf(t1)]);
    // A block spends Alice's funds another way: t0's nonce is taken (replaced), t1 can no longer pay.
    const other = transfer(ALICE, CAROL, 140n * COIN, 0);
    await mine(chain, { txs: [other], to: CAROL });
    expect(removed).toEqual([
      [idOf(t0), 'replaced'],
      [idOf(t1), 'invalid'],
    ]);
    const t2 = transfer(ALICE, BOB, COIN, 1);
    pool.add(t2);
    await mine(chain, { txs: [t2], to: CAROL });
    expect(removed.at(-1)).toEqual([idOf(t2), 'confirmed']);
    expect(pool.size).toBe(0);
  });

  it('prices a replacement from the account nonce, refuses one for a nonce not pending, and always raises the fee', async () => {
    const { chain, pool } = await setup({ minFeeRate: 0n });
    await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)] });
    const t1 = transfer(ALICE, BOB, COIN, 1);
    pool.add(t1);
    expect(pool.replacementNeeds(t1, 5_000n)).toEqual({ needed: t1.fee, evicts: 1 });
    expect(() => pool.replacementNeeds(transfer(ALICE, BOB, COIN, 2), 5_000n)).toThrow(expect.objectContaining({ code: 'tx-bad-nonce' }));
    expect(() => pool.replacementNeeds(transfer(ALICE, BOB, COIN, 0), 5_000n)).toThrow(expect.objectContaining({ code: 'tx-bad-nonce' }));
    expect(pool.replacementMinimum(t1)).toBe(t1.fee + 1n);
  });
});
