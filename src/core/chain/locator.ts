// Block locators (Bitcoin's CChain::GetLocator): hashes from a tip back to genesis, dense near the
// tip and exponentially sparser further back, so a peer finds our fork point in one round trip.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { toHex } from '../encoding/bytes';
import type { IndexEntry } from './header-index';

export const MAX_LOCATOR_HASHES = 64;

export function buildLocator(tip: IndexEntry, ancestor: (e: IndexEntry, height: number) => IndexEntry | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  let step = 1;
  let e: IndexEntry | null = tip;
  while (e) {
    out.push(e.hash);
    if (e.height === 0) break;
    const next = Math.max(e.height - step, 0);
    e = ancestor(e, next);
    if (out.length >= 10) step *= 2;
  }
  return out;
}

/** The first locator hash on our active chain, else genesis. */
export function findForkInActive(locator: Uint8Array[], active: IndexEntry[], get: (hex: string) => IndexEntry | undefined): IndexEntry {
  for (const hash of locator.slice(0, MAX_LOCATOR_HASHES)) {
    const e = get(toHex(hash));
    if (e && active[e.height] === e) return e;
  }
  return active[0] as IndexEntry;
}
