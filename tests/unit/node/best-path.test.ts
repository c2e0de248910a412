import { describe, expect, it } from 'vitest';
import { BestPath } from '../../../src/node/p2p/best-path';
import type { IndexEntry } from '../../../src/core/chain/header-index';

/** A chain of entries: only height, parent and hashHex matter here. */
function branch(from: IndexEntry | null, n: number, tag: string): IndexEntry[] {
  const out: IndexEntry[] = [];
  let parent = from;
  for (let i = 0; i < n; i++) {
    const e = { hashHex: `${tag}${i}`, height: parent ? parent.height + 1 : 0, parent, hasData: false } as unknown as IndexEntry;
    out.push(e);
    parent = e;
  }
  return out;
}

describe('BestPath', () => {
  it("follows the best header's ancestry as it extends, switches branch and moves back", () => {
    const main = branch(null, 10, 'm');
    const side = branch(main[4]!, 8, 's');
    const path = new BestPath();
    expect(path.update(main[6]!)).toEqual(main.slice(0, 7));
    expect(path.update(main[9]!)).toEqual(main);
    expect(path.update(side[7]!)).toEqual([...main.slice(0, 5), ...side]);
    expect(path.update(main[3]!)).toEqual(main.slice(0, 4));
  });

  it('lists what is wanted above where the path leaves the active chain, oldest first, up to a limit', () => {
    const main = branch(null, 10, 'm');
    const side = branch(main[4]!, 5, 's');
    const active = new Set(main.slice(0, 8));
    const path = new BestPath().update(side[4]!);
    const above = (want: (e: IndexEntry) => boolean, limit: number) => BestPath.above(path, 7, (e) => active.has(e), want, limit).map((e) => e.hashHex);
    expect(above(() => true, 10)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(above((e) => e.hashHex !== 's1', 2)).toEqual(['s0', 's2']);
    const onMain = new BestPath().update(main[9]!);
    expect(BestPath.above(onMain, 7, (e) => active.has(e), () => true, 5).map((e) => e.hashHex)).toEqual(['m8', 'm9']);
  });

  it('walks only what changed: an extension reads the new entries, not the whole chain', () => {
    let reads = 0;
    const counted = branch(null, 1_000, 'm').map((e) => {
      const parent = e.parent;
      return Object.defineProperty(e, 'parent', { get: () => (reads++, parent) });
    });
    const path = new BestPath();
    path.update(counted[990]!);
    reads = 0;
    expect(path.update(counted[999]!)).toHaveLength(1_000);
    expect(reads).toBe(9);
  });

  it('starts below the active height when the path is shorter, and never offers genesis', () => {
    const main = branch(null, 6, 'm');
    const path = new BestPath().update(main[5]!);
    // isActive reads its entry: it must only be asked about entries on the path.
    const isActive = (e: IndexEntry) => e.height <= 2;
    expect(BestPath.above(path, 40, isActive, () => true, 10).map((e) => e.hashHex)).toEqual(['m3', 'm4', 'm5']);
    expect(BestPath.above(path, 40, (e) => e.height < 0, () => true, 10).map((e) => e.hashHex)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });
});
