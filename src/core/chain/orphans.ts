// Blocks whose parent we do not have yet. Bounded by count and bytes; the oldest go first.
// Keyed by block hash, so only a body the header commits to may enter: otherwise a mutated copy
// arriving first would hold the hash, and the real block would be dropped as a duplicate.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { Block } from '../primitives/block';
import { checkBodyCommitment } from '../consensus/block-rules';
import { BoundedMap } from '../util/bounded-map';

export interface Orphan {
  hashHex: string;
  prevHex: string;
  block: Block;
  bytes: Uint8Array;
}

export class OrphanPool {
  private readonly byHash: BoundedMap<string, Orphan>;
  private totalBytes = 0;

  constructor(
    readonly maxCount = 100,
    readonly maxBytes = 8 * 1024 * 1024,
  ) {
    this.byHash = new BoundedMap(maxCount, (_, o) => (this.totalBytes -= o.bytes.length));
  }

  get size(): number {
    return this.byHash.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** Throws VerifyError (bad-txns-duplicate, bad-merkle) for a body its header does not commit to. */
  add(orphan: Orphan): void {
    if (this.byHash.has(orphan.hashHex) || orphan.bytes.length > this.maxBytes) return;
    checkBodyCommitment(orphan.block);
    this.byHash.set(orphan.hashHex, orphan);
    this.totalBytes += orphan.bytes.length;
    while (this.totalBytes > this.maxBytes) this.byHash.evictOldest();
  }

  /** Removes and returns the orphans that build on prevHex. */
  takeChildren(prevHex: string): Orphan[] {
    const out = [...this.byHash.values()].filter((o) => o.prevHex === prevHex);
    for (const o of out) this.remove(o.hashHex);
    return out;
  }

  /** The root of an orphan's chain: the first missing ancestor to ask peers for. */
  missingRoot(hashHex: string): string | null {
    let o = this.byHash.get(hashHex);
    const seen = new Set<string>();
    while (o && !seen.has(o.hashHex)) {
      seen.add(o.hashHex);
      const parent = this.byHash.get(o.prevHex);
      if (!parent) return o.prevHex;
      o = parent;
    }
    return null;
  }

  private remove(hashHex: string): void {
    const o = this.byHash.get(hashHex);
    if (!o) return;
    this.byHash.delete(hashHex);
    this.totalBytes -= o.bytes.length;
  }
}
