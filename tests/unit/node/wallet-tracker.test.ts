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
    expect(alice.balances()).toMatchObject({ afterPending: 200n * COIN - COIN - 1_000n, outgoing: COIN + 1_000n, incoming: 0n });
    // Replace by fee.
    const t1b = transfer(ALICE, BOB, COIN, 0, { fee: 10_000n });
    node.submitTx(t1b);
    const id1b = toHex(txid(t1b));
    // One payment, one row: the bump takes over the first version's row.
    expect(alice.get(id1)).toMatchObject({ txid: id1b, status: 'pending', fee: 10_000n, bumps: 1 });
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
    expect(alice.get(id1b)).toMatchObject({ txid: toHex(txid(conflict)), status: 'confirmed', counterparty: CAROL.hex, bumps: 2 });
    expect(alice.history().filter((h) => h.nonce === 0)).toHaveLength(1);
    const bob = new WalletTracker(node, BOB.hex);
    await bob.rescan();
    expect(bob.balances()).toMatchObject({ confirmed: 0n, nonce: 0 });
  });

  it('shows a payment bumped twice as one row on both sides, with exact balances', async () => {
    const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false });
    await node.mineRegtestBlocks(3, ALICE.pub);
    const alice = new WalletTracker(node, ALICE.hex);
    const bob = new WalletTracker(node, BOB.hex);
    await Promise.all([alice.rescan(), bob.rescan()]);
    const before = alice.balances().confirmed;
    const versions = [1_000n, 5_000n, 20_000n].map((fee) => transfer(ALICE, BOB, 3n * COIN, 0, { fee }));
    for (const tx of versions) node.submitTx(tx);
    const last = toHex(txid(versions[2]!));
    for (const side of [alice, bob]) {
      const rows = side.history().filter((h) => h.direction !== 'mined');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ txid: last, status: 'pending', fee: 20_000n, amount: 3n * COIN, bumps: 2 });
    }
    expect(bob.balances()).toMatchObject({ confirmed: 0n, incoming: 3n * COIN, afterPending: 3n * COIN });
    expect(alice.balances()).toMatchObject({ outgoing: 3n * COIN + 20_000n, afterPending: before - 3n * COIN - 20_000n });
    await node.mineRegtestBlocks(1, CAROL.pub);
    const aliceRows = alice.history().filter((h) => h.direction !== 'mined');
    const bobRows = bob.history();
    expect(aliceRows).toEqual([expect.objectContaining({ txid: last, status: 'confirmed', direction: 'out', counterparty: BOB.hex, confirmations: 1 })]);
    expect(bobRows).toEqual([expect.objectContaining({ txid: last, status: 'confirmed', direction: 'in', counterparty: ALICE.hex, confirmations: 1 })]);
    expect(bob.balances()).toMatchObject({ confirmed: 3n * COIN, incoming: 0n, afterPending: 3n * COIN });
    expect(alice.balances()).toMatchObject({ confirmed: before - 3n * COIN - 20_000n, outgoing: 0n });
    // Any version's txid finds the row.
    expect(bob.get(toHex(txid(versions[0]!)))?.txid).toBe(last);
  });

  it('marks a payment the sender redirected elsewhere as replaced on the recipient side', async () => {
    const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false });
    await node.mineRegtestBlocks(3, ALICE.pub);
    const bob = new WalletTracker(node, BOB.hex);
    node.submitTx(transfer(ALICE, BOB, COIN, 0));
    node.submitTx(transfer(ALICE, CAROL, COIN, 0, { fee: 10_000n }));
    expect(bob.history()).toEqual([expect.objectContaining({ status: 'replaced', fee: 1_000n })]);
    expect(bob.balances().incoming).toBe(0n);
  });
});
