// Following the most-work chain (src/core/chain/activate.ts) on a bare activation target: the
// tree is a HeaderIndex, the active chain an array, and connecting a block fails only where the
// test says. What it shows: which candidate wins (work, then first seen), the walk back to the
// fork, batches of CONNECT_BATCH, waiting for a missing block, and which candidates are dropped.
import { describe, expect, it } from 'vitest';
import { activateBestChain, isBetter, type ActivationTarget } from '../../../../src/core/chain/activate';
import { CONNECT_BATCH } from '../../../../src/core/chain/connect-run';
import { HeaderIndex, type IndexEntry } from '../../../../src/core/chain/header-index';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { VerifyError } from '../../../../src/core/protocol/verify-error';

let counter = 0;
function child(index: HeaderIndex, parent: IndexEntry | null, hasData = true): IndexEntry {
  const hash = new Uint8Array(32);
  new DataView(hash.buffer).setUint32(0, ++counter);
  const entry = index.add(hash, { ...REGTEST.genesis.header, prevHash: parent?.hash ?? new Uint8Array(32) }, parent);
  if (hasData) index.markReceived(entry);
  return entry;
}
const branch = (index: HeaderIndex, from: IndexEntry, n: number, hasData = true): IndexEntry[] => {
  const out: IndexEntry[] = [];
  for (let i = 0; i < n; i++) out.push(child(index, out[i - 1] ?? from, hasData));
  return out;
};

class Target implements ActivationTarget {
  readonly index = new HeaderIndex();
  readonly genesis = child(this.index, null);
  active: IndexEntry[] = [this.genesis];
  readonly runs: number[] = [];
  disconnects = 0;
  readonly bad = new Set<IndexEntry>();

  get tip(): IndexEntry {
    return this.active[this.active.length - 1]!;
  }
  isActive(e: IndexEntry): boolean {
    return this.active[e.height] === e;
  }
  async connectRun(path: IndexEntry[]) {
    this.runs.push(path.length);
    for (const e of path) {
      if (e.parent !== this.tip || !e.hasData) throw new Error('connected out of order');
      if (this.bad.has(e)) return { entry: e, error: new VerifyError('bad-cb-amount', 'test') };
      this.active.push(e);
    }
    return null;
  }
  async disconnectTip() {
    if (this.active.length === 1) throw new Error('disconnected genesis');
    this.disconnects++;
    this.active.pop();
  }
  async markInvalid(entry: IndexEntry) {
    for (const e of [entry, ...this.index.descendants(entry)]) e.invalid = true;
  }
}

describe('activating the best chain', () => {
  it('prefers more work, then the block seen first', () => {
    const t = new Target();
    const [a, b] = [child(t.index, t.genesis), child(t.index, t.genesis)] as [IndexEntry, IndexEntry];
    expect([isBetter(a, b), isBetter(b, a), isBetter(a, a)]).toEqual([true, false, false]);
  });

  it('on equal work, moves to the first seen and stays there; reports whether the tip moved', async () => {
    const t = new Target();
    const later = child(t.index, t.genesis, false);
    const first = child(t.index, t.genesis);
    t.index.markReceived(later);
    const candidates = new Set([later, first]);
    expect(await activateBestChain(t, candidates)).toBe(true);
    expect(t.tip).toBe(first);
    // The loser stays a candidate: it has as much work, and could win if the tip were disconnected.
    expect([...candidates]).toEqual([later]);
    expect(await activateBestChain(t, candidates)).toBe(false);
    expect(t.tip).toBe(first);
  });

  it('picks the most work among several candidates, whatever their order', async () => {
    const t = new Target();
    const long = branch(t.index, t.genesis, 3);
    const short = branch(t.index, t.genesis, 2);
    await activateBestChain(t, new Set([long[2]!, short[1]!]));
    expect(t.tip).toBe(long[2]);
  });

  it('reorganises by disconnecting exactly down to the fork, then connecting the branch', async () => {
    const t = new Target();
    const main = branch(t.index, t.genesis, 3);
    await activateBestChain(t, new Set([main[2]!]));
    const side = branch(t.index, main[0]!, 3);
    const candidates = new Set([side[2]!, main[1]!]);
    expect(await activateBestChain(t, candidates)).toBe(true);
    expect(t.disconnects).toBe(2);
    expect(t.active).toEqual([t.genesis, main[0], ...side]);
    // What has less work than the new tip, or is on the active chain, is no candidate any more.
    expect(candidates.size).toBe(0);
  });

  it('connects a long path CONNECT_BATCH blocks at a time', async () => {
    const t = new Target();
    const path = branch(t.index, t.genesis, CONNECT_BATCH + 1);
    await activateBestChain(t, new Set([path[path.length - 1]!]));
    expect(t.runs).toEqual([CONNECT_BATCH, 1]);
    expect(t.tip).toBe(path[path.length - 1]);
  });

  it('waits for a missing block on the way, and meanwhile takes the best chain it can connect', async () => {
    const t = new Target();
    const gap = branch(t.index, t.genesis, 1, false);
    const beyond = branch(t.index, gap[0]!, 3);
    const other = branch(t.index, t.genesis, 2);
    const candidates = new Set([beyond[2]!, other[1]!]);
    await activateBestChain(t, candidates);
    expect(t.tip).toBe(other[1]);
    expect(candidates.has(beyond[2]!)).toBe(true);
    t.index.markReceived(gap[0]!);
    await activateBestChain(t, candidates);
    expect(t.tip).toBe(beyond[2]);
  });

  it('marks a block that fails invalid, drops its branch, and ends on the best valid chain', async () => {
    const t = new Target();
    const good = branch(t.index, t.genesis, 2);
    const bad = branch(t.index, t.genesis, 4);
    t.bad.add(bad[1]!);
    const candidates = new Set([bad[3]!, good[1]!]);
    expect(await activateBestChain(t, candidates)).toBe(true);
    expect(t.tip).toBe(good[1]);
    expect(bad.map((e) => e.invalid)).toEqual([false, true, true, true]);
    expect(candidates.size).toBe(0);
    // A branch through an invalid block is never walked again.
    const onBad = child(t.index, bad[3]!);
    onBad.invalid = false;
    candidates.add(onBad);
    expect(await activateBestChain(t, candidates)).toBe(false);
  });
});
