// Persistence batching for the blocks being accepted. Their bytes are held back from the store
// while the chain activates, so that connecting them writes the blocks, their undo data, the state
// and the tip in one atomic batch; a block left unconnected (a side branch, or one that failed) is
// written afterwards without a tip. chain.ts's consensus flow stays free of this bookkeeping.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { CheckedBlock } from '../consensus/block-rules';
import type { HeaderIndex, IndexEntry } from './header-index';
import type { ChainBatch, ChainStore, StoredEntry } from './store';

export interface HeldInput {
  entry: IndexEntry;
  bytes: Uint8Array;
  block: CheckedBlock;
}

export class HeldBlock {
  private readonly held = new Map<IndexEntry, HeldInput>();

  constructor(
    private readonly store: ChainStore,
    private readonly index: HeaderIndex,
  ) {}

  /** Runs activate with the inputs held; then writes, in one batch, those activate did not connect. */
  async during<T>(inputs: HeldInput[], activate: () => Promise<T>): Promise<T> {
    for (const input of inputs) this.held.set(input.entry, input);
    try {
      return await activate();
    } finally {
      const left = inputs.filter((i) => this.held.get(i.entry) === i);
      for (const i of left) this.held.delete(i.entry);
      if (left.length > 0) {
        await this.store.write({ entries: this.entriesToStore(left.map((i) => i.entry)), blocks: left.map((i) => ({ hashHex: i.entry.hashHex, bytes: i.bytes })) });
        for (const i of left) this.index.markStored(i.entry);
      }
    }
  }

  /** A held block, checked, so connecting it neither reads the store nor decodes again. */
  block(entry: IndexEntry): CheckedBlock | null {
    return this.held.get(entry)?.block ?? null;
  }

  /** The part of a run's batch that stores the held ones among entries (consecutive, oldest first). */
  batchPart(entries: IndexEntry[]): Pick<ChainBatch, 'entries' | 'blocks'> {
    const mine = entries.filter((e) => this.held.has(e));
    if (mine.length === 0) return {};
    return { entries: this.entriesToStore(mine), blocks: mine.map((e) => ({ hashHex: e.hashHex, bytes: (this.held.get(e) as HeldInput).bytes })) };
  }

  /** After a run's batch landed: its held entries are now stored. */
  written(entries: IndexEntry[]): void {
    for (const e of entries) {
      if (!this.held.delete(e)) continue;
      this.index.markStored(e);
    }
  }

  /**
   * Each entry (now with data) and the unstored headers on the way to it, each once, parents
   * first. The entry is written even when stored: a descendant's block stored first stored this
   * header as it was then, without data, and a reopened chain would read that.
   */
  private entriesToStore(entries: IndexEntry[]): StoredEntry[] {
    const seen = new Set<IndexEntry>();
    const out: StoredEntry[] = [];
    for (const entry of entries) {
      const path: StoredEntry[] = [];
      for (let e: IndexEntry | null = entry; e && (e === entry || !e.stored) && !seen.has(e); e = e.parent) {
        seen.add(e);
        path.push(this.index.toStored(e));
      }
      out.push(...path.reverse());
    }
    return out;
  }
}
