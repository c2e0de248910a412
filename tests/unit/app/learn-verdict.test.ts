import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALICE, BOB, makeBlock, mine, mineMany, newChain, testClock, transfer } from '../core/helpers';
import { activeContext, editedContext, judgeBlock, judgeRun, tipContext } from '../../../src/app/learn-verdict';
import { computeMerkleRoot, type Block } from '../../../src/core/primitives/block';
import { solveBlock } from '../../../src/core/mining/solve';
import { VerifyError } from '../../../src/core/protocol/verify-error';
import { REGTEST } from '../../../src/core/protocol/networks';
import { TX_KIND_TRANSFER } from '../../../src/core/primitives/tx';
import type { Chain } from '../../../src/core/chain/chain';
import { headerHash } from '../../../src/core/primitives/header';
import { toHex } from '../../../src/core/encoding/bytes';

// The block exhibit (lessons 2 and 3) must say what the node says for the same bytes: every edit a
// learner can make is applied to a real block, and the exhibit's rule ID is compared with the one
// Chain.submitBlock throws on a chain that lacks the block.

const edit = fc.record({
  field: fc.constantFrom('version', 'time', 'bits', 'nonce', 'cbAmount', 'cbHeight', 'cbMemo', 'txAmount', 'txNonce', 'txFee', 'none'),
  delta: fc.integer({ min: -40, max: 40 }),
  remerkle: fc.boolean(),
  resolve: fc.boolean(),
});

function apply(block: Block, e: { field: string; delta: number; remerkle: boolean; resolve: boolean }): Block {
  const b: Block = { header: { ...block.header }, txs: block.txs.map((t) => ({ ...t })) };
  const cb = b.txs[0]!;
  const tx = b.txs[1]!;
  const d = e.delta;
  if (e.field === 'version') b.header.version = Math.max(0, b.header.version + (d === 0 ? 1 : d));
  if (e.field === 'time') b.header.time += d * 60;
  if (e.field === 'bits') b.header.bits = (b.header.bits + d) >>> 0;
  if (e.field === 'nonce') b.header.nonce = (b.header.nonce + d + 1) >>> 0;
  if (e.field === 'cbAmount') cb.amount = cb.amount + BigInt(d) < 0n ? 0n : cb.amount + BigInt(d);
  if (e.field === 'cbHeight' && cb.kind === 0) cb.height = Math.max(0, cb.height + d);
  if (e.field === 'cbMemo') cb.memo = new TextEncoder().encode('x'.repeat(Math.abs(d) * 2));
  if (tx.kind === TX_KIND_TRANSFER) {
    if (e.field === 'txAmount') tx.amount = tx.amount + BigInt(d) < 0n ? 0n : tx.amount + BigInt(d);
    if (e.field === 'txNonce') tx.nonce = Math.max(0, tx.nonce + d);
    if (e.field === 'txFee') tx.fee = tx.fee + BigInt(d * 100) < 0n ? 0n : tx.fee + BigInt(d * 100);
  }
  if (e.remerkle) b.header.merkleRoot = computeMerkleRoot(b.txs);
  if (e.resolve) solveBlock(b, 1_000);
  return b;
}

async function nodeVerdict(chain: Chain, block: Block): Promise<string> {
  try {
    await chain.submitBlock(block);
    return 'ok';
  } catch (error) {
    if (error instanceof VerifyError) return error.code;
    throw error;
  }
}

describe('lesson block exhibit', () => {
  it('gives the rule ID the node gives, for any edit of the latest block', async () => {
    const { chain } = await newChain();
    const history: Block[] = [];
    for (let i = 0; i < 3; i++) history.push(await mine(chain, { to: ALICE }));
    const latest = await mine(chain, { txs: [transfer(ALICE, BOB, 10n * 100_000_000n, 0)], to: BOB });
    const ctx = await activeContext(chain, chain.height, testClock());
    expect(ctx.lookup).not.toBeNull();
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(edit, async (e) => {
        const edited = apply(latest, e);
        const fresh = (await newChain()).chain;
        for (const b of history) await fresh.submitBlock(b);
        const expected = await nodeVerdict(fresh, edited);
        const shown = judgeBlock(edited, ctx, REGTEST);
        codes.add(expected);
        expect(shown.ok ? 'ok' : shown.code).toBe(expected);
      }),
      { numRuns: 150, seed: 17 },
    );
    // The property saw the verdicts that matter, not only "ok".
    for (const code of ['ok', 'bad-merkle', 'bad-version', 'tx-bad-sig', 'bad-cb-amount', 'bad-cb-height']) expect(codes).toContain(code);
  });

  it('marks a block on an invalid parent bad-prevblk, as the node does once it has seen the parent (lesson 3)', async () => {
    const { chain } = await newChain();
    for (let i = 0; i < 3; i++) await mine(chain, { to: ALICE });
    const forged = makeBlock(chain, { mutate: (b) => (b.txs[0]!.amount += 1n, (b.header.merkleRoot = computeMerkleRoot(b.txs))) });
    const base = { height: chain.height, anchor: chain.templateParent().anchor };
    const forgedCtx = tipContext(chain, testClock());
    expect(await nodeVerdict(chain, forged)).toBe('bad-cb-amount');
    const child = makeBlock(chain, { parent: chain.index.get(toHex(headerHash(forged.header)))! });
    const headerAt = (h: number) => (h === chain.height + 1 ? forged.header : chain.entryAt(h).header);
    const shown = judgeRun([forged, child], [forgedCtx, editedContext(REGTEST, chain.height + 2, headerAt, testClock(), base)], REGTEST);
    expect(shown.map((v) => v.code)).toEqual(['bad-cb-amount', await nodeVerdict(chain, child)]);
    expect(shown[1]!.code).toBe('bad-prevblk');
  });

  it('builds the same header context from (edited) copies as the node does from its index', async () => {
    const params = { ...REGTEST, retarget: true };
    const { chain } = await newChain(params);
    for (let i = 0; i < 14; i++) await mine(chain, { dt: 5 + ((i * 7) % 50) });
    for (let h = 1; h <= chain.height; h++) {
      const node = await activeContext(chain, h, testClock());
      const copy = editedContext(params, h, (x) => chain.entryAt(x).header, testClock(), { height: 0, anchor: null });
      const fromBelow = editedContext(params, h, (x) => chain.entryAt(x).header, testClock(), { height: h - 1, anchor: chain.templateParent(chain.entryAt(h - 1)).anchor });
      expect(fromBelow.expectedBits).toBe(node.expectedBits);
      expect([copy.expectedBits, copy.medianTimePast]).toEqual([node.expectedBits, node.medianTimePast]);
    }
    // An edited ancestor time (far ahead of schedule) changes the bits the next block must carry, as ASERT says.
    const block = makeBlock(chain);
    const edited = editedContext(params, chain.height + 1, (x) => (x === chain.height ? { ...chain.tip.header, time: chain.tip.header.time - 3_600 } : chain.entryAt(x).header), testClock(), { height: 0, anchor: null });
    expect(edited.expectedBits).not.toBe(block.header.bits);
    await mineMany(chain, 1);
  });
});
