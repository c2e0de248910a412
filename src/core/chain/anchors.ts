// The difficulty anchor of every indexed block (consensus/difficulty.ts), worked out once per
// block: walking back to the nearest block already known and forward again, without recursion.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { anchorAfter, type DifficultyAnchor } from '../consensus/difficulty';
import type { NetworkParams } from '../protocol/networks';
import type { IndexEntry } from './header-index';

export class AnchorCache {
  private readonly known = new WeakMap<IndexEntry, DifficultyAnchor | null>();

  constructor(private readonly params: NetworkParams) {}

  /** The anchor for the children of entry (null for genesis, and on networks without retargeting). */
  of(entry: IndexEntry): DifficultyAnchor | null {
    if (!this.params.retarget) return null;
    const path: IndexEntry[] = [];
    let e: IndexEntry | null = entry;
    while (e && !this.known.has(e)) {
      path.push(e);
      e = e.parent;
    }
    let anchor = e ? (this.known.get(e) as DifficultyAnchor | null) : null;
    for (let i = path.length - 1; i >= 0; i--) {
      const x = path[i] as IndexEntry;
      anchor = anchorAfter(this.params, anchor, { height: x.height, time: x.header.time });
      this.known.set(x, anchor);
    }
    return anchor;
  }
}
