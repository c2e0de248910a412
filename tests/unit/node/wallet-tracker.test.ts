import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { WalletTracker } from '../../../src/node/wallet-tracker';
import { makeNode } from './harness';
import { ALICE, BOB, CAROL, deliver, makeBlock, transfer } from '../core/helpers';
import { COIN } from '../../../src/core/protocol/consensus';
import { toHex } from '../../../src/core/encoding/bytes';
import { txid } from '../../../src/core/primitives/tx';
import { blockHash } from '../../../src/core/primitives/block';

describe('WalletTracker', () => {
  it('follows pending, confirmed, replaced and dropped, through a reorg', async () => {
    const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false });
    await node.mineRegtestBlocks(4, ALICE.pub);
    const alice = new WalletTracker(node, ALICE.hex);
    await alice.rescan();
    expect(alice.history().filter((h) => h.direction === 'mined')).toHaveLength(4);
    const fork = node.chain.tip;
    const t1 = transfer(ALICE, BOB, COIN, 0);
    node.submitTx(t1);
    const id1 = toHex(txid(t1));
    expect(alice.get(id1)!.status).toBe('pending');
    expect(alice.balances().pending).toBe(200n * COIN - COIN - 1_000n);
    // Replace by fee.
    const t1b = transfer(ALICE, BOB, COIN, 0, { fee: 10_000n });
    node.submitTx(t1b);
    const id1b = toHex(txid(t1b));
    expect(alice.get(id1)!.status).toBe('replaced');
    await node.mineRegtestBlocks(1, CAROL.pub);
    const confirmed = alice.history().find((h) => h.txid === id1b)!;
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmations: 1, direction: 'out' });
    // A heavier branch without that block: the transfer goes back to pending.
    const x1 = makeBlock(node.chain, { parent: fork, to: CAROL, dt: 40 });
    await deliver(node.chain, x1);
    await deliver(node.chain, makeBlock(node.chain, { parent: node.chain.index.get(toHex(blockHash(x1)))!, to: CAROL }));
    expect(node.chain.height).toBe(6);
    expect(alice.get(id1b)!.status).toBe('pending');
    // And a conflicting spend confirmed on the chain drops it.
    const conflict = transfer(ALICE, CAROL, 2n * COIN, 0);
    await node.submitBlock(makeBlock(node.chain, { txs: [conflict], to: CAROL }));
    expect(alice.get(id1b)!.status).toBe('replaced');
    expect(alice.get(toHex(txid(conflict)))!.status).toBe('confirmed');
    const bob = new WalletTracker(node, BOB.hex);
    await bob.rescan();
    expect(bob.balances()).toMatchObject({ confirmed: 0n, nonce: 0 });
  });
});
