// The header tree on its own (src/core/chain/header-index.ts): what it counts, the ancestor and
// median-time-past walks, the bound on headers that lost, and the rebuild from the store. The
// tree checks no rule, so headers here are the genesis header with a new time and parent.
import { describe, expect, it } from 'vitest';
import { HeaderIndex, MAX_LOSING_HEADERS, type IndexEntry } from '../../../../src/core/chain/header-index';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { encodeHeader } from '../../../../src/core/primitives/header';
import { headerWork } from '../../../../src/core/pow/compact';
import { toHex, fromHex } from '../../../../src/core/encoding/bytes';
import type { StoredEntry } from '../../../../src/core/chain/store';

let counter = 0;
const freshHash = (): Uint8Array => {
  const hash = new Uint8Array(32);
  new DataView(hash.buffer).setUint32(0, ++counter);
  return hash;
};
const genesisHeader = REGTEST.genesis.header;
const WORK = headerWork(genesisHeader.bits);

function child(index: HeaderIndex, parent: IndexEntry | null, time = genesisHeader.time): IndexEntry {
  const header = { ...genesisHeader, prevHash: parent ? parent.hash : new Uint8Array(32), time };
  return index.add(freshHash(), header, parent);
}

function line(index: HeaderIndex, from: IndexEntry, times: number[]): IndexEntry[] {
  const out: IndexEntry[] = [];
  let parent = from;
  for (const t of times) out.push((parent = child(index, parent, t)));
  return out;
}

describe('header index', () => {
  it('counts every entry, and the ones the store does not hold until they are marked stored', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    const [a, b] = line(index, genesis, [1, 2]) as [IndexEntry, IndexEntry];
    expect([index.size, index.memoryOnly]).toEqual([3, 3]);
    expect([a.height, b.height, b.work]).toEqual([1, 2, 3n * WORK]);
    expect(index.unstoredPath(b).map((s) => s.hashHex)).toEqual([genesis, a, b].map((e) => e.hashHex));
    index.markStored(a);
    expect([genesis.stored, a.stored, b.stored, index.memoryOnly]).toEqual([true, true, false, 1]);
    expect(index.unstoredPath(b)).toEqual([index.toStored(b)]);
    index.markStored(b);
    expect([index.memoryOnly, index.unstoredPath(b)]).toEqual([0, []]);
  });

  it('lists every child of a parent, and a block received later counts as seen later', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    const first = child(index, genesis);
    const second = child(index, genesis);
    expect(index.childrenOf(genesis)).toEqual([first, second]);
    index.markReceived(first);
    expect(first.hasData).toBe(true);
    expect(first.seq).toBeGreaterThan(second.seq);
  });

  it('finds an ancestor at a height, itself at its own height, and nothing above it', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    const [a, , c] = line(index, genesis, [1, 2, 3]) as IndexEntry[];
    expect(index.ancestor(c!, 1)).toBe(a);
    expect(index.ancestor(c!, 3)).toBe(c);
    expect(index.ancestor(a!, 2)).toBeNull();
  });

  it('takes the median of the entry and exactly 10 ancestors (BIP113), in any order of times', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null, 0);
    // The 12th back is far in the future: counting it would move the median.
    const [, , ...rest] = line(index, genesis, [50, 1_000_000, 3, 13, 4, 12, 5, 11, 6, 10, 7, 9, 8]);
    const tip = rest[rest.length - 1]!;
    expect(index.medianTimePast(tip)).toBe(8);
    expect(index.medianTimePast(genesis)).toBe(0);
  });

  it('forgets headers that lost only past MAX_LOSING_HEADERS of them, keeping blocks, the stored and the best chain', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    index.markStored(genesis);
    const [a, best] = line(index, genesis, [1, 2]) as [IndexEntry, IndexEntry];
    const withBlock = child(index, genesis);
    index.markReceived(withBlock);
    const losers = Array.from({ length: MAX_LOSING_HEADERS - 2 }, () => child(index, genesis));
    const underLoser = child(index, a); // a loser whose sibling (best) stays
    // Memory only and off best's chain: withBlock and the losers, MAX_LOSING_HEADERS in all.
    index.forgetLosing(best);
    expect(index.size).toBe(MAX_LOSING_HEADERS + 3);
    const one = child(index, genesis);
    index.forgetLosing(best);
    expect(index.size).toBe(4);
    expect(index.memoryOnly).toBe(3);
    for (const gone of [...losers, underLoser, one]) expect(index.get(gone.hashHex)).toBeUndefined();
    expect(index.childrenOf(genesis)).toEqual([a, withBlock]);
    expect(index.childrenOf(a)).toEqual([best]);
    expect(index.childrenOf(underLoser)).toEqual([]);
  });

  it('forgets whole subtrees hanging off kept entries, and clears a parent left with no children', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    index.markStored(genesis);
    const lost = line(index, genesis, [1, 2, 3]);
    expect(index.forgetMemoryOnly(new Set())).toBe(3);
    expect([index.size, index.memoryOnly, index.childrenOf(genesis)]).toEqual([1, 0, []]);
    for (const e of lost) expect(index.get(e.hashHex)).toBeUndefined();
  });

  it('rebuilds from stored entries in any order: parents linked, orphans dropped, sequence continued', () => {
    const index = new HeaderIndex();
    const genesis = child(index, null);
    const a = child(index, genesis);
    const late = child(index, genesis);
    const early = child(index, genesis);
    const [b] = line(index, a, [9]) as [IndexEntry];
    const stored = (e: IndexEntry, seq: number): StoredEntry => ({ ...index.toStored(e), seq });
    const orphan = { ...stored(child(new HeaderIndex(), genesis), 1), hashHex: toHex(freshHash()), height: 1 };
    orphan.header = encodeHeader({ ...genesisHeader, prevHash: freshHash() });
    const records = [stored(b, 4), stored(late, 9), stored(early, 2), orphan, stored(a, 1), stored(genesis, 0)];
    const rebuilt = HeaderIndex.fromStored(records, fromHex);
    expect(rebuilt.size).toBe(5);
    expect(rebuilt.get(orphan.hashHex)).toBeUndefined();
    const g = rebuilt.get(genesis.hashHex)!;
    expect(g.parent).toBeNull();
    expect(rebuilt.childrenOf(g).map((e) => e.hashHex)).toEqual([a, early, late].map((e) => e.hashHex));
    expect(rebuilt.get(b.hashHex)!.parent).toBe(rebuilt.get(a.hashHex));
    expect([...rebuilt.all()].every((e) => e.stored)).toBe(true);
    expect(rebuilt.memoryOnly).toBe(0);
    expect(child(rebuilt, g).seq).toBe(10);
  });
});
