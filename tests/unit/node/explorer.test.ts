import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { Explorer } from '../../../src/node/explorer';
import { encodeAddress } from '../../../src/core/primitives/address';
import { REGTEST } from '../../../src/core/protocol/networks';
import { COIN } from '../../../src/core/protocol/consensus';
import { ALICE, BOB, transfer } from '../core/helpers';
import { makeNode } from './harness';

describe('explorer', () => {
  it('finds blocks by a short hash prefix, offers choices when ambiguous, and nothing for junk', async () => {
    const { node } = await makeNode(new MemoryNetwork(), REGTEST, { start: false });
    await node.mineRegtestBlocks(40, ALICE.pub);
    const explorer = new Explorer(node);
    const tip = node.chain.tip.hashHex;
    expect(await explorer.search(tip.slice(0, 12))).toEqual({ route: `#/block/${tip}`, matches: [expect.objectContaining({ kind: 'block', id: tip })] });
    expect((await explorer.search(`${tip.slice(0, 12)}…`)).route).toBe(`#/block/${tip}`);
    expect(await explorer.search('a')).toEqual({ route: null, matches: [] });
    expect(await explorer.search('zzzz')).toEqual({ route: null, matches: [] });
    expect((await explorer.search('12')).route).toBe('#/block/12');
  });

  it('offers every match of an ambiguous prefix ("did you mean")', async () => {
    const entry = (hashHex: string, height: number) => ({ hashHex, height });
    const stub = {
      params: REGTEST,
      chain: { height: 0, entryAt: () => ({}), loadBlock: async () => ({ txs: [] }), index: { all: () => [entry(`abcd${'0'.repeat(60)}`, 1), entry(`abcd${'1'.repeat(60)}`, 2), entry(`abce${'0'.repeat(60)}`, 3)], get: () => undefined } },
      mempool: { entries: () => [{ id: `abcd${'2'.repeat(60)}` }] },
    };
    const r = await new Explorer(stub as never).search('ABCD');
    expect(r.route).toBeNull();
    expect(r.matches.map((m) => [m.kind, m.id.slice(0, 5)])).toEqual([
      ['block', 'abcd0'],
      ['block', 'abcd1'],
      ['tx', 'abcd2'],
    ]);
    expect((await new Explorer(stub as never).search('abce')).route).toBe(`#/block/abce${'0'.repeat(60)}`);
  });

  it('shows a block with confirmations, neighbours, size and miner, and pages an address with totals', async () => {
    const { node } = await makeNode(new MemoryNetwork(), REGTEST, { start: false });
    await node.mineRegtestBlocks(30, ALICE.pub);
    const explorer = new Explorer(node);
    const b = (await explorer.block('10'))!;
    expect(b.confirmations).toBe(21);
    expect(b.nextHash).toBe(node.chain.entryAt(11).hashHex);
    expect(b.miner).toBe(encodeAddress(REGTEST.hrp, ALICE.pub));
    expect(b.txCount).toBe(1);
    expect(b.sizeBytes).toBeGreaterThan(80);
    expect((await explorer.block('30'))!.nextHash).toBeNull();
    node.submitTx(transfer(ALICE, BOB, 2n * COIN, 0));
    await node.mineRegtestBlocks(1, BOB.pub);
    const alice = encodeAddress(REGTEST.hrp, ALICE.pub);
    const first = (await explorer.address(alice, 1, 10))!;
    expect([first.txCount, first.pages, first.page, first.txs.length]).toEqual([31, 4, 1, 10]);
    expect(first.sent).toBe(2n * COIN + transfer(ALICE, BOB, 2n * COIN, 0).fee);
    expect(first.received).toBe(30n * 50n * COIN);
    const last = (await explorer.address(alice, 99, 10))!;
    expect([last.page, last.txs.length]).toEqual([4, 1]);
  });
});
