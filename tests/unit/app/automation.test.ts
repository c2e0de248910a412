// The automation interface (window.simplecoin) over a real in-memory node: its hex entry points
// reach the node's own validation, and the pool is there only once the network runs.
import { describe, expect, it } from 'vitest';
import { createAutomation, type AutomatedNode } from '../../../src/app/automation';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { REGTEST } from '../../../src/core/protocol/networks';
import { encodeBlock } from '../../../src/core/primitives/block';
import { encodeTx, txid } from '../../../src/core/primitives/tx';
import { toHex } from '../../../src/core/encoding/bytes';
import { COIN } from '../../../src/core/protocol/consensus';
import { ALICE, BOB, makeBlock, transfer } from '../core/helpers';
import { makeNode } from '../node/harness';

const notInUnitTests = () => Promise.reject(new Error('not in unit tests'));

async function automated(start: boolean) {
  const { node } = await makeNode(new MemoryNetwork(), REGTEST, { start });
  const parts: AutomatedNode = { node, params: REGTEST, slot: { index: 3, dbName: 'db-3', release: () => undefined }, wallet: notInUnitTests, mining: notInUnitTests, openTransport: notInUnitTests };
  return { node, automation: createAutomation(parts) };
}

describe('SimpleCoinAutomation', () => {
  it('mines, takes a transaction and a block as hex, through the node', async () => {
    const { node, automation } = await automated(false);
    expect(automation.node).toBe(node);
    expect(automation.slot.index).toBe(3);
    expect(await automation.mineRegtestBlocks(5, ALICE.hex)).toBe(5);
    expect(node.chain.height).toBe(5);
    expect(node.chain.account(ALICE.hex)).not.toBeNull();
    const tx = transfer(ALICE, BOB, 3n * COIN, 0);
    expect(automation.submitTxHex(toHex(encodeTx(tx)))).toBe(toHex(txid(tx)));
    expect(node.mempool.has(toHex(txid(tx)))).toBe(true);
    const block = makeBlock(node.chain, { txs: [tx] });
    expect(await automation.submitBlockHex(toHex(encodeBlock(block)))).toBe('connected');
    expect(node.chain.account(BOB.hex)?.balance).toBe(3n * COIN);
  });

  it('refuses bytes that do not decode, as the node does', async () => {
    const { automation } = await automated(false);
    expect(() => automation.submitTxHex('00')).toThrow();
    await expect(automation.submitBlockHex('00')).rejects.toThrow();
  });

  it('has a pool only once the network has started', async () => {
    const before = await automated(false);
    expect(() => before.automation.pool()).toThrow(/not started its network/);
    const after = await automated(true);
    expect(after.automation.pool()).toBe(after.node.p2p?.pool);
    after.node.stop();
  });

  it('measures signature verifications per second', async () => {
    const { automation } = await automated(false);
    expect(automation.benchVerify(20)).toBeGreaterThan(0);
  });
});
