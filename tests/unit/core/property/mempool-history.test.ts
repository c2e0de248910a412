// Issue 15: the mempool over random histories. Random interleavings of adds (next nonces, gaps,
// replacements, drains), blocks (with the pool's template, sometimes with a conflicting transfer
// the pool never saw) and reorgs of depth 1-5 onto branches that pay their coinbases elsewhere,
// under a small size cap and per-sender limit. After every step:
//  - every sender's pending list runs on from its account's next nonce, within the limit;
//  - every pending transfer pays on the tip state after its predecessors;
//  - the pool's bytes never exceed the cap (and match its entries);
//  - no operation throws anything but a VerifyError, and no chain handler fails;
//  - a block template built now takes every pending transfer and connects cleanly;
//  - a naive reference pool (reference-pool.ts) fed the same history holds the same transfers
//    and gives the same answer to every add.
import { afterAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { ALICE, BOB, CAROL, deliver, key, makeBlock, newChain, transfer, type Key } from '../helpers';
import { Mempool } from '../../../../src/core/mempool/mempool';
import { ReferencePool } from './reference-pool';
import { COIN, MAX_BLOCK_BYTES, TRANSFER_BASE_BYTES } from '../../../../src/core/protocol/consensus';
import { VerifyError } from '../../../../src/core/protocol/verify-error';
import { applyTransfer, connectBlockEffects, StateView } from '../../../../src/core/consensus/connect';
import { checkCoinbasePlacement } from '../../../../src/core/consensus/block-rules';
import { createBlockTemplate } from '../../../../src/core/mining/template';
import { blockHash } from '../../../../src/core/primitives/block';
import { toHex } from '../../../../src/core/encoding/bytes';
import type { Chain } from '../../../../src/core/chain/chain';
import type { TransferTx } from '../../../../src/core/primitives/tx';

const SENDERS: Key[] = [ALICE, BOB, CAROL, key('dave')];
const MINERS: Key[] = [...SENDERS, key('eve')];
const POLICY = { minFeeRate: 5n, maxBytes: TRANSFER_BASE_BYTES * 6, maxPerSender: 2 };
const RUNS = Number(process.env.MEMPOOL_PROPERTY_RUNS ?? 60);
const SEED = Number(process.env.MEMPOOL_PROPERTY_SEED ?? 15);

const addOp = fc.record({ kind: fc.constant('add' as const), from: fc.nat(3), slot: fc.nat(6), halfCoins: fc.integer({ min: 1, max: 60 }), fee: fc.integer({ min: 950, max: 40_000 }), memo: fc.boolean() });
const mineOp = fc.record({ kind: fc.constant('mine' as const), to: fc.nat(4), foreign: fc.option(fc.nat(3)) });
const reorgOp = fc.record({ kind: fc.constant('reorg' as const), depth: fc.integer({ min: 1, max: 5 }), to: fc.nat(4) });
const history = fc.array(fc.oneof({ weight: 6, arbitrary: addOp }, { weight: 2, arbitrary: mineOp }, { weight: 1, arbitrary: reorgOp }), { minLength: 5, maxLength: 40 });
type Op = typeof addOp extends fc.Arbitrary<infer A> ? A : never;

const counts = { histories: 0, steps: 0, admitted: 0, refused: {} as Record<string, number>, blocks: 0, reorgs: 0, disconnected: 0, removed: {} as Record<string, number> };

function checkInvariants(chain: Chain, pool: Mempool, ref: ReferencePool): void {
  const height = chain.height + 1;
  let listed = 0;
  for (const sender of new Set(pool.entries().map((e) => e.senderHex))) {
    const list = pool.pendingOf(sender);
    listed += list.length;
    const base = chain.account(sender)?.nonce ?? 0;
    expect(list.map((e) => e.tx.nonce)).toEqual(list.map((_, i) => base + i));
    expect(list.length).toBeLessThanOrEqual(POLICY.maxPerSender);
    const view = new StateView((k) => chain.account(k));
    for (const e of list) applyTransfer(view, e.tx, height);
  }
  expect(listed).toBe(pool.size);
  expect(pool.totalBytes).toBeLessThanOrEqual(POLICY.maxBytes);
  expect(pool.totalBytes).toBe(pool.entries().reduce((n, e) => n + e.size, 0));
  const txs = pool.selectForBlock(MAX_BLOCK_BYTES);
  expect(txs).toHaveLength(pool.size);
  const template = createBlockTemplate({ params: chain.params, parent: chain.templateParent(), txs, recipient: ALICE.pub, now: chain.tip.header.time + 30 });
  connectBlockEffects(checkCoinbasePlacement(template), height, (k) => chain.account(k), chain.params);
  expect(pool.entries().map((e) => e.id).sort()).toEqual(ref.ids());
}

async function step(chain: Chain, pool: Mempool, ref: ReferencePool, op: Op | { kind: 'mine'; to: number; foreign: number | null } | { kind: 'reorg'; depth: number; to: number }): Promise<void> {
  if (op.kind === 'add') {
    const from = SENDERS[op.from] as Key;
    const base = chain.account(from.hex)?.nonce ?? 0;
    const pending = pool.pendingOf(from.hex).length;
    // Mostly the next nonce or a replacement; slot 6 tries a gap.
    const nonce = base + (op.slot === 6 ? pending + 1 : op.slot % (pending + 1));
    const tx = transfer(from, SENDERS[(op.from + 1) % 4] as Key, (BigInt(op.halfCoins) * COIN) / 2n, nonce, { fee: BigInt(op.fee), memo: new Uint8Array(op.memo ? 64 : 0) });
    let code: string | null = null;
    try {
      pool.add(tx);
      counts.admitted++;
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      code = error.code;
      counts.refused[code] = (counts.refused[code] ?? 0) + 1;
    }
    expect(code).toBe(ref.add(tx));
  } else if (op.kind === 'mine') {
    let txs: TransferTx[] = pool.selectForBlock(MAX_BLOCK_BYTES);
    if (op.foreign !== null) {
      // A transfer the pool never saw takes this sender's next nonce: the pool's one can never confirm.
      const who = SENDERS[op.foreign] as Key;
      txs = txs.filter((t) => toHex(t.sender) !== who.hex);
      const account = chain.account(who.hex);
      if (account && account.balance > 2_000n) txs.push(transfer(who, MINERS[4] as Key, 1_000n, account.nonce, { fee: 1_000n, memo: new Uint8Array([7]) }));
    }
    expect(await chain.submitBlock(makeBlock(chain, { txs, to: MINERS[op.to] }))).toBe('connected');
    counts.blocks++;
  } else {
    const depth = Math.min(op.depth, chain.height - 1);
    if (depth < 1) return;
    let at = chain.entryAt(chain.height - depth);
    for (let i = 0; i <= depth; i++) {
      const b = makeBlock(chain, { parent: at, to: MINERS[op.to], dt: 31, extraNonce: 1_000n + BigInt(i) });
      await deliver(chain, b); // headers first, as over p2p: a side branch is fetched once it has more work
      at = chain.index.get(toHex(blockHash(b)))!;
    }
    expect(chain.tip).toBe(at);
    counts.reorgs++;
    counts.disconnected += depth;
  }
}

describe('mempool over random histories (property)', () => {
  afterAll(() => console.log(`mempool histories (seed ${SEED}):`, counts));

  it('stays contiguous, valid, within its cap, template-ready, and equal to the naive reference', async () => {
    const raised: unknown[] = [];
    const original = globalThis.queueMicrotask;
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) =>
      original(() => {
        try {
          task();
        } catch (error) {
          raised.push(error);
        }
      }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(history, async (ops) => {
          const { chain } = await newChain();
          for (const k of MINERS) for (let i = 0; i < 2; i++) await chain.submitBlock(makeBlock(chain, { to: k }));
          const pool = new Mempool(chain, POLICY);
          const ref = new ReferencePool(chain, POLICY);
          pool.events.on('removed', ({ reason }) => (counts.removed[reason] = (counts.removed[reason] ?? 0) + 1));
          counts.histories++;
          for (const op of ops) {
            await step(chain, pool, ref, op);
            await Promise.resolve();
            expect(raised).toEqual([]);
            checkInvariants(chain, pool, ref);
            counts.steps++;
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      spy.mockRestore();
    }
  }, 300_000);
});
