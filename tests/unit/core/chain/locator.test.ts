// Block locators (locator.ts) and the stored chain's audit (consistency.ts), stated as rules.
import { describe, expect, it } from 'vitest';
import { buildLocator, findForkInActive, MAX_LOCATOR_HASHES } from '../../../../src/core/chain/locator';
import { checkConsistency } from '../../../../src/core/chain/consistency';
import { MemoryChainStore } from '../../../../src/core/chain/store';
import type { IndexEntry } from '../../../../src/core/chain/header-index';
import { toHex } from '../../../../src/core/encoding/bytes';
import { MAIN, REGTEST } from '../../../../src/core/protocol/networks';
import { ALICE, BOB, mineMany, newChain, testClock } from '../helpers';

/** A straight chain of n + 1 entries (heights 0..n); a hash is its height in the first byte, and a tag. */
function line(n: number, tag = 0): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (let h = 0; h <= n; h++) {
    const hash = new Uint8Array(32);
    hash[0] = h;
    hash[1] = tag;
    out.push({ hash, hashHex: toHex(hash), height: h, parent: out[h - 1] ?? null } as unknown as IndexEntry);
  }
  return out;
}

describe('a block locator', () => {
  it('names the last ten blocks one by one, then doubles its step, and always ends at genesis (CChain::GetLocator)', () => {
    const chain = line(30);
    const heights = buildLocator(chain[30]!, (_e, h) => chain[h] ?? null).map((hash) => hash[0]);
    expect(heights).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 18, 14, 6, 0]);
    expect(buildLocator(chain[0]!, () => null).map((hash) => hash[0])).toEqual([0]);
  });

  it('finds the fork at the first hash on our active chain, and falls back to genesis', () => {
    const active = line(20);
    const side = line(20, 1).map((e, h) => (h <= 5 ? active[h]! : e)); // a branch off height 5
    const get = (hex: string) => [...active, ...side].find((e) => e.hashHex === hex);
    const locator = [side[12]!.hash, side[9]!.hash, active[5]!.hash, active[0]!.hash];
    expect(findForkInActive(locator, active, get)).toBe(active[5]);
    expect(findForkInActive([side[12]!.hash], active, get)).toBe(active[0]);
    expect(findForkInActive([], active, get)).toBe(active[0]);
  });

  it('reads at most MAX_LOCATOR_HASHES hashes of a locator', () => {
    const active = line(100);
    const get = (hex: string) => active.find((e) => e.hashHex === hex);
    const unknown = Array.from({ length: MAX_LOCATOR_HASHES - 1 }, (_, i) => new Uint8Array(32).fill(200 + (i % 50)));
    expect(findForkInActive([...unknown, active[70]!.hash], active, get)).toBe(active[70]);
    expect(findForkInActive([...unknown, new Uint8Array(32).fill(255), active[70]!.hash], active, get)).toBe(active[0]);
  });
});

describe('auditing a stored chain', () => {
  async function stored() {
    const store = new MemoryChainStore();
    const { chain } = await newChain(REGTEST, store);
    await mineMany(chain, 2, { to: ALICE });
    await mineMany(chain, 1, { to: BOB });
    return store;
  }

  it('passes a store its own blocks replay to, and an empty one', async () => {
    expect(await checkConsistency(REGTEST, await stored(), testClock)).toEqual({ ok: true, height: 3, tip: (await stored()).tip, problems: [] });
    expect(await checkConsistency(REGTEST, new MemoryChainStore(), testClock)).toEqual({ ok: true, height: -1, tip: '', problems: [] });
  });

  it('finds missing undo data, a tip off the best chain, another genesis, and an account too many or too few', async () => {
    const noUndo = await stored();
    noUndo.undo.delete(noUndo.bestChain[2]!);
    // The replay stops at the first problem, so its state is compared as far as it got.
    expect((await checkConsistency(REGTEST, noUndo, testClock)).problems).toEqual(['undo data of height 2 is missing', 'stored 2 accounts, replay has 1']);

    const wrongTip = await stored();
    wrongTip.tip = wrongTip.bestChain[1]!;
    const report = await checkConsistency(REGTEST, wrongTip, testClock);
    expect(report).toMatchObject({ ok: false, height: 3, problems: ['tip is not the end of the best chain'] });

    const foreign = await stored();
    foreign.bestChain[0] = toHex(MAIN.genesisHash);
    expect((await checkConsistency(REGTEST, foreign, testClock)).problems[0]).toBe('best chain does not start at genesis');

    const extra = await stored();
    extra.accounts.set('ab'.repeat(32), { balance: 5n, nonce: 0, locked: [] });
    expect((await checkConsistency(REGTEST, extra, testClock)).problems).toEqual(['stored 3 accounts, replay has 2']);

    const lost = await stored();
    lost.accounts.delete(BOB.hex);
    const lostReport = await checkConsistency(REGTEST, lost, testClock);
    expect(lostReport.problems[0]).toBe('stored 1 accounts, replay has 2');
    expect(lostReport.problems[1]).toMatch(/^account .* differs from the replay$/);
  });

  it('finds a block that does not replay, or replays elsewhere', async () => {
    const swapped = await stored();
    [swapped.bestChain[2], swapped.bestChain[3]] = [swapped.bestChain[3]!, swapped.bestChain[2]!];
    const report = await checkConsistency(REGTEST, swapped, testClock);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toBe('replay diverged at height 2');
    expect(report.problems.length).toBeLessThanOrEqual(10);
  });
});
