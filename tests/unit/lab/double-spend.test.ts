// Scenario 1, the double spend by race, on four real lab nodes over the in-memory transport: the
// attacker sends the payment to the merchant and the refund (same nonce) to the two others at
// once. Each node keeps the one it heard first and tells the lab it refused the other; the block
// a bystander mines holds the refund, so the merchant's payment becomes invalid everywhere.
import { describe, expect, it } from 'vitest';
import { COIN } from '../../../src/core/protocol/consensus';
import { MAIN } from '../../../src/core/protocol/networks';
import { encodeAddress } from '../../../src/core/primitives/address';
import { LabVerdicts } from '../../../src/lab/verdicts';
import { DoubleSpendRace } from '../../../src/lab/double-spend';
import { readyPeers } from './lab-class';
import { cheapLab, fundedLabClass, keyOf, payerFor } from './lab-payer';

const LAB = cheapLab('lab-race');
const ATTACKER = 'race attacker';
const AMOUNT = 5n * COIN;
const FEE = 10_000n;

describe('double spend by race (scenario 1)', () => {
  it('refuses to exist off a lab network', () => {
    expect(() => new DoubleSpendRace(MAIN, {} as never, {} as never)).toThrow(/lab network/);
  });

  it('splits the class over two transfers with one nonce, and a block settles it everywhere', async () => {
    const lab = await fundedLabClass(LAB, ['attacker', 'merchant', 'ben', 'cy'], ATTACKER);
    const members = lab.members.map((m) => ({ ...m, verdicts: new LabVerdicts(LAB, m.node, m.conditions, lab.random) }));
    const [attacker, merchant, ben, cy] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]];
    for (const m of members) expect(readyPeers(m.node).length, 'connected').toBeGreaterThanOrEqual(2);
    expect(readyPeers(attacker.node)).toHaveLength(3);
    const race = new DoubleSpendRace(LAB, attacker.node, attacker.verdicts);
    const shop = keyOf('merchant wallet');
    const started = race.start(payerFor(LAB, attacker.node, ATTACKER), { nodeKey: merchant.node.nodeKeyHex, address: encodeAddress(LAB.hrp, shop.key) }, AMOUNT, FEE);
    expect(started.txids.merchant).not.toBe(started.txids.attacker);
    expect(started.peers.map((p) => [p.nodeKey, p.sent]).sort()).toEqual(
      [[merchant.node.nodeKeyHex, 'merchant'], [ben.node.nodeKeyHex, 'attacker'], [cy.node.nodeKeyHex, 'attacker']].sort(),
    );
    await lab.q.runUntil(lab.q.now() + 10_000);

    // Each kept the one it was sent, and refused the other when a neighbour relayed it.
    const run = race.current!;
    const byKey = (key: string) => run.peers.find((p) => p.nodeKey === key)!;
    expect(byKey(merchant.node.nodeKeyHex)).toMatchObject({ kept: 'merchant', rule: 'mempool-rbf-fee-too-low' });
    for (const m of [ben, cy]) expect(byKey(m.node.nodeKeyHex)).toMatchObject({ kept: 'attacker', rule: 'mempool-rbf-fee-too-low' });
    expect(merchant.node.mempool.has(run.txids.merchant)).toBe(true);
    expect(ben.node.mempool.has(run.txids.attacker)).toBe(true);
    expect(run.confirmed).toBeNull();

    // Ben mines: his block holds the refund, and the merchant's payment is invalid on every node.
    await ben.node.mineRegtestBlocks(1, keyOf('ben').key);
    await lab.q.runUntil(lab.q.now() + 10_000);
    const after = race.current!;
    expect(after.confirmed).toMatchObject({ side: 'attacker', height: ben.node.chain.height, confirmations: 1 });
    expect(after.neededConfirmations).toBe(1);
    for (const m of members) {
      expect(m.node.chain.tip.hashHex).toBe(ben.node.chain.tip.hashHex);
      expect(m.node.mempool.has(run.txids.merchant) || m.node.mempool.has(run.txids.attacker)).toBe(false);
      expect(m.node.chain.account(shop.hex)).toBeNull();
      expect(m.node.chain.account(keyOf(ATTACKER).hex)?.nonce).toBe(1);
    }
    race.stop();
    for (const m of members) m.node.stop();
  }, 60_000);
});
