// The header tree: every header we accepted, with its height and cumulative work.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { toHex } from '../encoding/bytes';
import { encodeHeader, decodeHeader, type BlockHeader } from '../primitives/header';
import { headerWork } from '../pow/compact';
import { MEDIAN_TIME_SPAN } from '../protocol/consensus';
import { medianTime } from '../consensus/difficulty';
import type { StoredEntry } from './store';

export interface IndexEntry {
  hash: Uint8Array;
  hashHex: string;
  header: BlockHeader;
  height: number;
  work: bigint;
  parent: IndexEntry | null;
  hasData: boolean;
  invalid: boolean;
  /** Order of arrival of the block's data (of the header until then): on equal work, the first received wins. */
  seq: number;
  /** Whether the store holds this entry. Headers without a block are kept in memory only. */
  stored: boolean;
}

/** Headers without a block, off the best header's chain, kept in memory at most (about 1.5 KB each). */
export const MAX_LOSING_HEADERS = 2_000;

export class HeaderIndex {
  private readonly byHash = new Map<string, IndexEntry>();
  private readonly children = new Map<string, IndexEntry[]>();
  private nextSeq = 0;
  private memoryOnlyCount = 0;
  private forgetAt = MAX_LOSING_HEADERS;

  get size(): number {
    return this.byHash.size;
  }

  /** Entries the store does not hold (headers without a block, and blocks being accepted). */
  get memoryOnly(): number {
    return this.memoryOnlyCount;
  }

  all(): IterableIterator<IndexEntry> {
    return this.byHash.values();
  }

  get(hashHex: string): IndexEntry | undefined {
    return this.byHash.get(hashHex);
  }

  /** Adds a header whose parent is in the index (or null for genesis). */
  add(hash: Uint8Array, header: BlockHeader, parent: IndexEntry | null): IndexEntry {
    const entry: IndexEntry = {
      hash,
      hashHex: toHex(hash),
      header,
      height: parent ? parent.height + 1 : 0,
      work: (parent?.work ?? 0n) + headerWork(header.bits),
      parent,
      hasData: false,
      invalid: false,
      seq: this.nextSeq++,
      stored: false,
    };
    this.memoryOnlyCount++;
    this.insert(entry);
    return entry;
  }

  private insert(entry: IndexEntry): void {
    this.byHash.set(entry.hashHex, entry);
    if (entry.parent) {
      const list = this.children.get(entry.parent.hashHex);
      if (list) list.push(entry);
      else this.children.set(entry.parent.hashHex, [entry]);
    }
  }

  /**
   * The block's data has been received: it now counts as seen at this moment (Bitcoin Core's
   * nSequenceId), so a header pushed early cannot win a tie against a block received first.
   */
  markReceived(entry: IndexEntry): void {
    entry.hasData = true;
    entry.seq = this.nextSeq++;
  }

  childrenOf(entry: IndexEntry): IndexEntry[] {
    return this.children.get(entry.hashHex) ?? [];
  }

  /** Every descendant of entry, breadth first, without recursion. */
  descendants(entry: IndexEntry): IndexEntry[] {
    const out: IndexEntry[] = [];
    const queue = [...this.childrenOf(entry)];
    while (queue.length > 0) {
      const e = queue.shift() as IndexEntry;
      out.push(e);
      queue.push(...this.childrenOf(e));
    }
    return out;
  }

  /** The ancestor of entry at height (entry itself if equal). */
  ancestor(entry: IndexEntry, height: number): IndexEntry | null {
    let e: IndexEntry | null = entry;
    while (e && e.height > height) e = e.parent;
    return e && e.height === height ? e : null;
  }

  /** The median time of entry and up to 10 ancestors. */
  medianTimePast(entry: IndexEntry): number {
    const times: number[] = [];
    let e: IndexEntry | null = entry;
    for (let i = 0; i < MEDIAN_TIME_SPAN && e; i++, e = e.parent) times.push(e.header.time);
    return medianTime(times);
  }

  toStored(e: IndexEntry): StoredEntry {
    return { hashHex: e.hashHex, header: encodeHeader(e.header), height: e.height, work: e.work, hasData: e.hasData, invalid: e.invalid, seq: e.seq };
  }

  /** entry and its ancestors the store does not hold yet, oldest first: the store never holds a child without its parent. */
  unstoredPath(entry: IndexEntry): StoredEntry[] {
    const out: StoredEntry[] = [];
    for (let e: IndexEntry | null = entry; e && !e.stored; e = e.parent) out.push(this.toStored(e));
    return out.reverse();
  }

  markStored(entry: IndexEntry): void {
    for (let e: IndexEntry | null = entry; e && !e.stored; e = e.parent) {
      e.stored = true;
      this.memoryOnlyCount--;
    }
  }

  /**
   * Bounds the headers that lost. Each had more work than our tip when it came, but on an easy
   * network a miner can make many siblings of the next block: beyond MAX_LOSING_HEADERS of them
   * off best's chain, they are forgotten (never stored). Walks best's unstored chain at most once
   * per MAX_LOSING_HEADERS new entries.
   */
  forgetLosing(best: IndexEntry): void {
    if (this.memoryOnlyCount <= this.forgetAt) return;
    const keep = new Set<IndexEntry>();
    for (let e: IndexEntry | null = best; e && !e.stored; e = e.parent) keep.add(e);
    if (this.memoryOnlyCount - keep.size > MAX_LOSING_HEADERS) this.forgetMemoryOnly(keep);
    // Until then at most MAX_LOSING_HEADERS more entries can have come, on best's chain or off it.
    this.forgetAt = keep.size + MAX_LOSING_HEADERS;
  }

  /**
   * Forgets every header the store does not hold, that has no block and is not in keep. The store
   * never holds a child without its parent, so what goes is whole subtrees hanging off kept entries.
   */
  forgetMemoryOnly(keep: Set<IndexEntry>): number {
    const gone = new Set<IndexEntry>();
    for (const e of this.byHash.values()) if (!e.stored && !e.hasData && !keep.has(e)) gone.add(e);
    for (const e of gone) {
      this.byHash.delete(e.hashHex);
      this.children.delete(e.hashHex);
      if (e.parent && !gone.has(e.parent)) {
        const siblings = (this.children.get(e.parent.hashHex) ?? []).filter((c) => c !== e);
        if (siblings.length > 0) this.children.set(e.parent.hashHex, siblings);
        else this.children.delete(e.parent.hashHex);
      }
    }
    this.memoryOnlyCount -= gone.size;
    return gone.size;
  }

  /** Rebuilds the index from stored entries (any order); parents are linked by prevHash. */
  static fromStored(stored: StoredEntry[], hashOf: (hex: string) => Uint8Array): HeaderIndex {
    const index = new HeaderIndex();
    const sorted = [...stored].sort((a, b) => a.height - b.height || a.seq - b.seq);
    for (const s of sorted) {
      const header = decodeHeader(s.header);
      const parent = s.height === 0 ? null : (index.byHash.get(toHex(header.prevHash)) ?? null);
      if (s.height > 0 && !parent) continue; // an entry whose parent was never stored: drop it
      const entry: IndexEntry = { hash: hashOf(s.hashHex), hashHex: s.hashHex, header, height: s.height, work: s.work, parent, hasData: s.hasData, invalid: s.invalid, seq: s.seq, stored: true };
      index.insert(entry);
      index.nextSeq = Math.max(index.nextSeq, s.seq + 1);
    }
    return index;
  }
}
