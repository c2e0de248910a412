// Issue 15, defect 5: a mutated copy of a valid block must never get the valid block marked
// invalid, whichever rule the copy breaks first. The copy here keeps the merkle root (CVE-2012-2459)
// and is padded past the size limit with duplicates.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, makeBlock, mineMany, newChain, transfer } from '../helpers';
import { MAX_BLOCK_BYTES } from '../../../../src/core/protocol/consensus';
import { computeMerkleRoot, encodeBlock, type Block } from '../../../../src/core/primitives/block';

describe('a mutated block never condemns the valid one', () => {
  it('an oversized copy padded with duplicates is refused as a mutation, and the real block connects', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 4);
    // 2^11 + 1 transactions: the last one, repeated 2^11 times, gives the same merkle root.
    const txs = Array.from({ length: 2048 }, (_, n) => transfer(ALICE, BOB, 1n, n));
    const good = makeBlock(chain, { txs });
    expect(good.txs).toHaveLength(2049);
    expect(encodeBlock(good).length).toBeLessThanOrEqual(MAX_BLOCK_BYTES);
    const last = good.txs[2048]!;
    const mutated: Block = { header: good.header, txs: [...good.txs, ...Array.from({ length: 2047 }, () => last)] };
    expect(computeMerkleRoot(mutated.txs)).toEqual(good.header.merkleRoot);
    expect(encodeBlock(mutated).length).toBeGreaterThan(MAX_BLOCK_BYTES);
    await expect(chain.submitBlock(mutated)).rejects.toMatchObject({ code: 'bad-txns-duplicate' });
    expect(await chain.submitBlock(good)).toBe('connected');
  }, 60_000);

  it('an empty body under a valid header is a mutation too', async () => {
    const { chain } = await newChain();
    const good = makeBlock(chain);
    await expect(chain.submitBlock({ header: good.header, txs: [] })).rejects.toMatchObject({ code: 'bad-merkle' });
    expect(await chain.submitBlock(good)).toBe('connected');
  });
});

describe('a mutated orphan never shadows the real block', () => {
  it('a copy with a tampered body, arriving first while its parent is unknown, is refused, and the real one is kept', async () => {
    const { chain } = await newChain();
    const earlier: Block[] = [];
    for (let i = 0; i < 4; i++) {
      earlier.push(makeBlock(chain));
      await chain.submitBlock(earlier[i]!);
    }
    const b2 = makeBlock(chain, { txs: [transfer(ALICE, BOB, 1n, 0)] });
    expect(await chain.submitBlock(b2)).toBe('connected');
    const { chain: other } = await newChain();
    // Same header, body without its transfer: the header does not commit to it.
    const stripped: Block = { header: b2.header, txs: b2.txs.slice(0, 1) };
    await expect(other.submitBlock(stripped)).rejects.toMatchObject({ code: 'bad-merkle' });
    const padded: Block = { header: b2.header, txs: [...b2.txs, b2.txs[1]!] };
    await expect(other.submitBlock(padded)).rejects.toMatchObject({ code: 'bad-txns-duplicate' });
    expect(await other.submitBlock(b2)).toBe('orphan');
    for (const b of earlier.slice(1).reverse()) expect(await other.submitBlock(b)).toBe('orphan');
    expect(await other.submitBlock(earlier[0]!)).toBe('connected');
    expect(other.height).toBe(5);
  });
});
