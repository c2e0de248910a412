// Scenario 2, the 51 % history rewrite, on three real lab nodes over the in-memory transport: the
// attacker pays the victim, a bystander's block confirms it, the attacker isolates itself and
// mines two blocks below that block (the first spends the same nonce back to itself), rejoins,
// and every node reorganises onto its branch: the victim's confirmed payment is gone for good.
import { describe, expect, it } from 'vitest';
import { COIN } from '../../../src/core/protocol/consensus';
import { MAIN } from '../../../src/core/protocol/networks';
import { encodeAddress } from '../../../src/core/primitives/address';
import { hashValue, headerHash, decodeHeader } from '../../../src/core/primitives/header';
import { LabNetworkControls } from '../../../src/lab/network-controls';
import { labNodeOf } from '../../../src/lab/lab-node';
import { HistoryRewrite, type NonceSearch } from '../../../src/lab/history-rewrite';
import { readyPeers } from './lab-class';
import { cheapLab, fundedLabClass, keyOf, payerFor } from './lab-payer';

const LAB = cheapLab('lab-rewrite');
const ATTACKER = 'rewrite attacker';
const AMOUNT = 7n * COIN;
const FEE = 10_000n;

/** The plain loop: regtest's target takes a couple of tries. */
const search: NonceSearch = async (bytes, target) => {
  const header = decodeHeader(bytes);
  for (let nonce = 0; nonce < 1_000_000; nonce++) if (hashValue(headerHash({ ...header, nonce })) <= target) return { nonce, hashesPerSec: 1 };
  return { nonce: null, hashesPerSec: 1 };
};

describe('history rewrite (scenario 2)', () => {
  it('refuses to exist off a lab network', () => {
    expect(() => new HistoryRewrite(MAIN, {} as never)).toThrow(/lab network/);
  });

  it('undoes a confirmed payment on every node once the private branch is released', async () => {
    const lab = await fundedLabClass(LAB, ['attacker', 'victim', 'ben'], ATTACKER);
    const [attacker, victim, ben] = lab.members as [(typeof lab.members)[0], (typeof lab.members)[0], (typeof lab.members)[0]];
    const controls = new LabNetworkControls(LAB, labNodeOf(attacker.node), attacker.conditions, lab.q, lab.random);
    const now = () => LAB.genesis.header.time + 1_000 + Math.floor(lab.q.now() / 1000);
    const rewrite = new HistoryRewrite(LAB, { node: attacker.node, isolate: (on) => controls.isolateMe(on), search, now });
    const wallet = keyOf('victim wallet');
    rewrite.pay(payerFor(LAB, attacker.node, ATTACKER), { nodeKey: victim.node.nodeKeyHex, address: encodeAddress(LAB.hrp, wallet.key) }, AMOUNT, FEE);
    await expect(rewrite.mineBranch()).rejects.toThrow(/no confirmation/);
    await lab.q.runUntil(lab.q.now() + 5_000);
    expect(ben.node.mempool.size).toBe(1);

    // Ben's block confirms the payment on the public chain.
    await ben.node.mineRegtestBlocks(1, keyOf('ben').key);
    await lab.q.runUntil(lab.q.now() + 5_000);
    const paidHeight = ben.node.chain.height;
    expect(victim.node.chain.account(wallet.hex)?.balance).toBe(AMOUNT);
    expect(rewrite.current).toMatchObject({ paidIn: { height: paidHeight, blockHash: ben.node.chain.tip.hashHex }, confirmations: 1 });

    // Isolated, the attacker mines two blocks on the block before it; nobody hears of them.
    // The isolation takes effect as the queue runs (5 s); one runner at a time, so the branch's own.
    const run = await rewrite.mineBranch(0, () => lab.q.runUntil(lab.q.now() + 5_000));
    await lab.q.runUntil(lab.q.now() + 10_000);
    expect(readyPeers(attacker.node)).toHaveLength(0);
    expect(run.forkHeight).toBe(paidHeight - 1);
    expect(run.branch.map((b) => b.height)).toEqual([paidHeight, paidHeight + 1]);
    expect(run.branchWork > run.publicWork).toBe(true);
    expect(run).toMatchObject({ rewritten: true, confirmations: 0, undoneAt: 1 });
    const branchTip = run.branch.at(-1)!.blockHash;
    expect(victim.node.chain.tip.hashHex).not.toBe(branchTip);

    // Released, the branch spreads by sync and every node reorganises onto it.
    rewrite.release();
    await lab.q.runUntil(lab.q.now() + 90_000);
    for (const m of lab.members) expect(m.node.chain.tip.hashHex, m.node.nodeKeyHex).toBe(branchTip);
    expect(victim.node.chain.account(wallet.hex)).toBeNull();
    for (const m of lab.members) expect(m.node.mempool.has(run.paymentTxid), 'the payment is invalid: its nonce is spent').toBe(false);
    expect(attacker.node.chain.account(keyOf(ATTACKER).hex)?.nonce).toBe(1);
    expect(rewrite.current).toMatchObject({ released: true, rewritten: true, confirmations: 0 });
    for (const m of lab.members) m.node.stop();
  }, 120_000);
});
