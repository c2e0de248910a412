// Following the most-work chain (Bitcoin's ActivateBestChain). Repeatedly: pick the candidate
// with the most work (on a tie, the first seen), walk back to the fork with the active chain,
// disconnect down to it, and connect up the new branch. A block that fails to connect is marked
// invalid with its descendants, and the loop picks again, so an attempted reorg onto an invalid
// branch ends back on the best valid chain.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import type { IndexEntry } from './header-index';
import { CONNECT_BATCH } from './connect-run';

/** What activation reads and changes of the chain (chain.ts's Chain is one). */
export interface ActivationTarget {
  readonly tip: IndexEntry;
  isActive(entry: IndexEntry): boolean;
  /** Connects consecutive blocks above the tip in one write, up to the first that breaks a rule (returned). */
  connectRun(path: IndexEntry[]): Promise<{ entry: IndexEntry; error: VerifyError } | null>;
  disconnectTip(): Promise<void>;
  markInvalid(entry: IndexEntry, error: VerifyError): Promise<void>;
}

/** The path from just above the active chain up to entry, or null if a block on it lacks data. */
function pathToActive(chain: ActivationTarget, entry: IndexEntry): IndexEntry[] | null {
  const path: IndexEntry[] = [];
  let e: IndexEntry | null = entry;
  while (e && !chain.isActive(e)) {
    if (!e.hasData || e.invalid) return null;
    path.push(e);
    e = e.parent;
  }
  return path.reverse();
}

/** Whether a heads a better chain than b: more work, or equal work and seen first. */
export const isBetter = (a: IndexEntry, b: IndexEntry): boolean => a.work > b.work || (a.work === b.work && a.seq < b.seq);

function bestCandidate(chain: ActivationTarget, candidates: Set<IndexEntry>, skip: Set<IndexEntry>): IndexEntry | null {
  let best: IndexEntry | null = null;
  for (const c of candidates) {
    if (skip.has(c)) continue;
    if (c.invalid || !isBetter(c, chain.tip)) {
      // It cannot win while the tip beats it; disconnecting re-adds what it needs.
      if (c.invalid || c.work < chain.tip.work || chain.isActive(c)) candidates.delete(c);
      continue;
    }
    if (!best || isBetter(c, best)) best = c;
  }
  return best;
}

/**
 * Moves chain onto its best valid candidate; resolves whether the tip changed. candidates are the
 * entries with block data that might head a better chain; activation drops those that cannot.
 */
export async function activateBestChain(chain: ActivationTarget, candidates: Set<IndexEntry>): Promise<boolean> {
  const startTip = chain.tip;
  // Candidates waiting for a missing ancestor's block stay candidates for when it arrives.
  const waiting = new Set<IndexEntry>();
  for (;;) {
    const best = bestCandidate(chain, candidates, waiting);
    if (!best) break;
    const path = pathToActive(chain, best);
    if (!path) {
      waiting.add(best);
      continue;
    }
    const fork = path.length > 0 ? (path[0] as IndexEntry).parent : best;
    while (fork && chain.tip !== fork && chain.tip.height > fork.height) await chain.disconnectTip();
    // A long path (initial block download) connects CONNECT_BATCH blocks per transaction.
    for (let i = 0; i < path.length; i += CONNECT_BATCH) {
      const failure = await chain.connectRun(path.slice(i, i + CONNECT_BATCH));
      if (failure) {
        await chain.markInvalid(failure.entry, failure.error);
        break;
      }
    }
    candidates.delete(chain.tip);
  }
  return chain.tip !== startTip;
}
