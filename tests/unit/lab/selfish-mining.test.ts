// Scenario 4, selfish mining, on three real lab nodes over the in-memory transport. The attacker's
// nonce search is in the test's hands (a block is found when the test says so), the honest nodes
// mine with their own code: two secret blocks stay secret, an honest block makes SM1 release
// them and both honest nodes reorganise onto them; in a race the honest nodes keep their own
// block (γ = 0 here) until the attacker's second block wins it; the counts are the chain's.
import { describe, expect, it } from 'vitest';
import { MAIN } from '../../../src/core/protocol/networks';
import { hashValue, headerHash, decodeHeader } from '../../../src/core/primitives/header';
import { toHex } from '../../../src/core/encoding/bytes';
import { SelfishMining } from '../../../src/lab/selfish-mining';
import type { NonceSearch } from '../../../src/lab/history-rewrite';
import { startLabClass } from './lab-class';
import { cheapLab, keyOf } from './lab-payer';

const LAB = cheapLab('lab-selfish');

type Found = { nonce: number | null; hashesPerSec: number };

/** A nonce search that waits for the test: find() solves the header being searched. */
function heldSearch() {
  let pending: { header: Uint8Array; target: bigint; resolve: (r: Found) => void } | null = null;
  const search: NonceSearch = (header, target) => new Promise((resolve) => (pending = { header, target, resolve }));
  const stop = () => {
    const p = pending;
    pending = null;
    p?.resolve({ nonce: null, hashesPerSec: 0 });
  };
  const find = () => {
    const p = pending;
    if (!p) throw new Error('the attacker is not searching');
    pending = null;
    const header = decodeHeader(p.header);
    for (let nonce = 0; ; nonce++) if (hashValue(headerHash({ ...header, nonce })) <= p.target) return p.resolve({ nonce, hashesPerSec: 1 });
  };
  return { search, stop, find, searching: () => pending !== null };
}

describe('selfish mining (scenario 4)', () => {
  it('refuses to exist off a lab network', () => {
    expect(() => new SelfishMining(MAIN, {} as never)).toThrow(/lab network/);
  });

  it('withholds, releases per SM1 when honest blocks arrive, and counts what the main chain holds', async () => {
    const lab = await startLabClass(LAB, ['attacker', 'ann', 'ben']);
    const [attacker, ann, ben] = lab.members.map((m) => m.node) as [NonNullable<(typeof lab.members)[0]>['node'], NonNullable<(typeof lab.members)[0]>['node'], NonNullable<(typeof lab.members)[0]>['node']];
    const settle = () => lab.q.runUntil(lab.q.now() + 5_000);
    const held = heldSearch();
    const recipient = keyOf('selfish attacker').key;
    const now = () => LAB.genesis.header.time + 1_000 + Math.floor(lab.q.now() / 1000);
    const tool = new SelfishMining(LAB, { node: attacker, search: held.search, stopSearch: held.stop, now, recipient });
    const moves: string[] = [];
    tool.events.on('move', ({ move }) => moves.push(move));
    const running = tool.start();
    const find = async () => {
      for (let i = 0; i < 50 && !held.searching(); i++) await lab.q.runUntil(lab.q.now() + 100);
      held.find();
      await settle();
    };

    // Two blocks found and kept: nobody else's chain moves.
    await find();
    await find();
    expect(tool.current).toMatchObject({ withheld: 2, lead: 2, foundMine: 2, released: 0 });
    expect([attacker.chain.height, ann.chain.height, ben.chain.height]).toEqual([0, 0, 0]);

    // Ann's block brings the lead down to one: SM1 releases both, and both honest nodes reorganise.
    await ann.mineRegtestBlocks(1, keyOf('ann').key);
    const annBlock = ann.chain.tip.hashHex;
    await settle();
    expect(moves.at(-1)).toBe('win');
    for (const n of [attacker, ann, ben]) expect(n.chain.height).toBe(2);
    expect(ann.chain.hashAt(1)).not.toBe(annBlock);
    expect(tool.current).toMatchObject({ withheld: 0, released: 2, orphanedHonest: 1, foundHonest: 1, mainMine: 2, mainTotal: 2 });

    // A race: one secret block, then Ben's at the same height. The honest nodes keep Ben's.
    await find();
    await ben.mineRegtestBlocks(1, keyOf('ben').key);
    const benBlock = ben.chain.tip.hashHex;
    await settle();
    expect(moves.at(-1)).toBe('race');
    for (const n of [attacker, ann, ben]) expect(n.chain.tip.hashHex).toBe(benBlock);
    // The attacker's next block, on its own, wins the race.
    await find();
    expect(moves.at(-1)).toBe('win');
    for (const n of [attacker, ann, ben]) expect(n.chain.height).toBe(4);
    expect(ann.chain.hashAt(3)).not.toBe(benBlock);

    // One more secret block, then stop: still ahead, it is released.
    await find();
    const stopped = tool.stop();
    await settle();
    await stopped;
    await running;
    for (const n of [ann, ben]) expect(n.chain.tip.hashHex).toBe(attacker.chain.tip.hashHex);
    let paid = 0;
    for (const e of ann.chain.activeFrom(1)) if (toHex((await ann.chain.loadBlock(e)).txs[0]!.recipient) === toHex(recipient)) paid++;
    expect(tool.current).toMatchObject({ running: false, foundMine: 5, foundHonest: 2, released: 5, orphanedHonest: 2, mainMine: paid, mainTotal: ann.chain.height });
    expect(paid).toBe(5);
  });
});

describe('the sweep the selfish-mining view shows', () => {
  it('is the one sim/results.json holds, and it follows Eyal–Sirer within its error below one half', async () => {
    const fs = await import('node:fs');
    const sweep = JSON.parse(fs.readFileSync('src/lab/selfish-sweep.json', 'utf8')) as { seed: number; points: Array<{ alpha: number; share: number; theory: number; shareStdError: number }> };
    const results = JSON.parse(fs.readFileSync('sim/results.json', 'utf8')) as { selfish: { seed: number; points: Array<Record<string, unknown>> } };
    expect(sweep.seed).toBe(results.selfish.seed);
    expect(sweep.points).toEqual(results.selfish.points.map(({ wallSeconds: _, ...p }) => p));
    for (const p of sweep.points) if (p.alpha < 0.5) expect(Math.abs(p.share - p.theory)).toBeLessThan(6 * p.shareStdError + 0.01);
  });
});
