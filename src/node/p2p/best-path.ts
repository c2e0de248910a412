// The best header's ancestry, by height, kept as the best header moves. Block download asks for
// the blocks above the active chain on the way to the best header after every block it receives;
// walking down from the best header each time cost O(headers left) per block, quadratic over an
// initial sync (31% of a 5,000-block sync's CPU, issue 19). This moves in O(what changed).
import type { IndexEntry } from '../../core/chain/header-index';

export class BestPath {
  private readonly path: IndexEntry[] = [];

  /** best's ancestors, genesis first (index = height). */
  update(best: IndexEntry): readonly IndexEntry[] {
    const added: IndexEntry[] = [];
    let e: IndexEntry | null = best;
    while (e && this.path[e.height] !== e) {
      added.push(e);
      e = e.parent;
    }
    this.path.length = e ? e.height + 1 : 0;
    for (let i = added.length - 1; i >= 0; i--) this.path.push(added[i] as IndexEntry);
    return this.path;
  }

  /**
   * The entries of path above the highest one isActive holds (where the path leaves the active
   * chain, whose height is activeHeight), oldest first, that pass want, at most limit.
   */
  static above(path: readonly IndexEntry[], activeHeight: number, isActive: (e: IndexEntry) => boolean, want: (e: IndexEntry) => boolean, limit: number): IndexEntry[] {
    let h = Math.min(activeHeight, path.length - 1);
    while (h > 0 && !isActive(path[h] as IndexEntry)) h--;
    const out: IndexEntry[] = [];
    for (let i = h + 1; i < path.length && out.length < limit; i++) if (want(path[i] as IndexEntry)) out.push(path[i] as IndexEntry);
    return out;
  }
}
