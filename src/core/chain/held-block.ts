// Persistence batching for the block being accepted. Its bytes are held back from the store while
// the chain activates, so that connecting it writes the block, its undo data, the state and the
// tip in one atomic batch; a block left unconnected (a side branch, or one that failed) is written
// on its own afterwards. chain.ts's consensus flow stays free of this bookkeeping.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { HeaderIndex, IndexEntry } from './header-index';
import type { ChainBatch, ChainStore } from './store';

export class HeldBlock {
  private held: { entry: IndexEntry; bytes: Uint8Array } | null = null;

  constructor(
    private readonly store: ChainStore,
    private readonly index: HeaderIndex,
  ) {}

  /** Runs activate with entry's bytes held; then writes them alone if activate did not connect entry. */
  async during<T>(entry: IndexEntry, bytes: Uint8Array, activate: () => Promise<T>): Promise<T> {
    this.held = { entry, bytes };
    try {
      return await activate();
    } finally {
      if (this.held?.entry === entry) {
        this.held = null;
        await this.store.write({ entries: this.index.unstoredPath(entry), blocks: [{ hashHex: entry.hashHex, bytes }] });
        this.index.markStored(entry);
      }
    }
  }

  /** The part of connect's batch that stores entry itself: empty unless entry is the held block. */
  batchPart(entry: IndexEntry): Pick<ChainBatch, 'entries' | 'blocks'> {
    if (this.held?.entry !== entry) return {};
    return { entries: this.index.unstoredPath(entry), blocks: [{ hashHex: entry.hashHex, bytes: this.held.bytes }] };
  }

  /** After connect's batch landed: a held entry is now stored. */
  written(entry: IndexEntry): void {
    if (this.held?.entry !== entry) return;
    this.held = null;
    this.index.markStored(entry);
  }
}
