// Scenario 3, tampered history, on three real lab nodes over the in-memory transport: the
// attacker edits block 1 and sends it from a throwaway identity; every peer refuses it by rule
// bad-pow, tells the lab so, and closes the link on the sender; the attacker's own node keeps
// its peers.
import { describe, expect, it } from 'vitest';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { MAIN } from '../../../src/core/protocol/networks';
import { toHex } from '../../../src/core/encoding/bytes';
import { Chain } from '../../../src/core/chain/chain';
import { blockHash } from '../../../src/core/primitives/block';
import { LabVerdicts } from '../../../src/lab/verdicts';
import { TAMPER_EXTRA, TamperedHistoryAttack, tamperBlock } from '../../../src/lab/tampered-history';
import { readyPeers, startLabClass } from './lab-class';
import { LAB_FIXTURE, labFixtureBlock1 } from '../../support/lab-fixture';

const LAB = LAB_FIXTURE;
const fixtureBlock1 = labFixtureBlock1;

async function labOfThree() {
  const block1 = await fixtureBlock1();
  const lab = await startLabClass(LAB, ['attacker', 'ada', 'ben'], async (node) => {
    expect(await node.submitBlock(block1)).toBe('connected');
  });
  return { ...lab, members: lab.members.map((m) => ({ ...m, verdicts: new LabVerdicts(LAB, m.node, m.conditions, lab.random) })) };
}

const ready = readyPeers;


describe('tampered history (scenario 3)', () => {
  it('a tampered copy keeps its parent and height but breaks the proof of work', async () => {
    const block1 = await fixtureBlock1();
    const t = tamperBlock(block1);
    expect(t.txs[0]!.kind === 0 && block1.txs[0]!.kind === 0 && t.txs[0]!.amount - block1.txs[0]!.amount).toBe(TAMPER_EXTRA);
    expect(toHex(t.header.prevHash)).toBe(toHex(block1.header.prevHash));
    expect(toHex(blockHash(t))).not.toBe(toHex(blockHash(block1)));
    const chain = await Chain.open(LAB, new MemoryChainStore(), { now: () => LAB.genesis.header.time + 100 });
    expect(await chain.submitBlock(block1)).toBe('connected');
    await expect(chain.submitBlock(t)).rejects.toMatchObject({ code: 'bad-pow' });
  });

  it('every peer refuses it by rule, says so to the lab, and shuns the sender; the attacker keeps its peers', async () => {
    const { q, net, members, random } = await labOfThree();
    const [attacker, ada, ben] = members;
    expect(ready(attacker!.node)).toHaveLength(2);
    expect(() => new TamperedHistoryAttack(MAIN, { node: attacker!.node, openTransport: async () => net.createTransport(), timers: q, random })).toThrow(/lab network/);
    const attack = new TamperedHistoryAttack(LAB, { node: attacker!.node, openTransport: async () => attacker!.conditions.wrap(net.createTransport('throwaway')), timers: q, random });
    const done = attack.run(1);
    await q.runUntil(q.now() + 30_000);
    const run = await done;
    expect(run.targets.map((t) => t.nodeKey).sort()).toEqual([ada!.node.nodeKeyHex, ben!.node.nodeKeyHex].sort());
    for (const t of run.targets) {
      expect(t.sent, t.peerId).toBe(true);
      expect(t.closed, t.peerId).toMatch(/remote closed/);
      expect(t.closedAfterMs!).toBeLessThan(1_000);
    }
    const verdicts = attacker!.verdicts.of(run.tamperedHash);
    expect(verdicts.map((v) => [v.by, v.rule]).sort()).toEqual([[ada!.node.nodeKeyHex, 'bad-pow'], [ben!.node.nodeKeyHex, 'bad-pow']].sort());
    // Each victim closed the throwaway for the broken rule; the attacker's own node is still everyone's peer.
    for (const m of [ada!, ben!]) expect(m.node.p2p!.pool.closed.find((c) => c.id === 'throwaway')?.reason, m.node.nodeKeyHex).toMatch(/bad-pow/);
    expect(ready(attacker!.node)).toHaveLength(2);
    for (const m of [ada!, ben!]) expect(m.node.chain.tip.hashHex).toBe(run.originalHash);
    for (const m of members) m.node.stop();
  }, 60_000);
});
