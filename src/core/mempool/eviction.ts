// Which transfers leave a full mempool. Only a chain's last transfer (its tail) can go, as every
// earlier one is needed by those after it; among tails, the lowest fee rate goes first, ties
// broken by txid so every node (and the reference pool in the tests) picks the same one.
// Reading path: stop 7, the mempool (src/core/READING.md).

/** What eviction reads of a pool entry (mempool.ts's MempoolEntry has all of it). */
export interface Evictable {
  readonly tx: { readonly fee: bigint };
  readonly id: string;
  readonly size: number;
  readonly senderHex: string;
}

/** Whether a pays a higher fee rate than b (fee/size, compared without division). */
export const higherFeeRate = (a: Evictable, b: Evictable): boolean => a.tx.fee * BigInt(b.size) > b.tx.fee * BigInt(a.size);

/** Whether a leaves a full pool before b: a lower fee rate, or an equal one and a larger txid. */
export const evictsBefore = (a: Evictable, b: Evictable): boolean => higherFeeRate(b, a) || (!higherFeeRate(a, b) && a.id > b.id);

/**
 * Whether entry pays for evicting tail: a fee rate above tail's by at least `incrementalRate`
 * (Bitcoin Core's incremental relay fee). Beating it by one unit would let a stranger relay a
 * stream of transfers, each evicting the last, paying almost nothing (free relay).
 */
const paysToEvict = (entry: Evictable, tail: Evictable, incrementalRate: bigint): boolean =>
  entry.tx.fee * BigInt(tail.size) >= (tail.tx.fee + incrementalRate * BigInt(tail.size)) * BigInt(entry.size);

/**
 * The transfers to evict, in order, until `need` more bytes fit: taken from `order` (every
 * evictable entry in eviction order, as TailHeap.evictionOrder walks them, a chain's tail before
 * its predecessors). With `entry`, each evicted one must pay a lower fee rate than entry by
 * `incrementalRate` (paysToEvict), or nothing is evicted and null is returned. Plans only.
 */
export function planEviction<E extends Evictable>(order: Iterable<E>, freeBytes: number, need: number, entry: Evictable | null, incrementalRate = 0n): E[] | null {
  if (freeBytes >= need) return [];
  const out: E[] = [];
  let free = freeBytes;
  for (const worst of order) {
    if (entry && !paysToEvict(entry, worst, incrementalRate)) return null;
    out.push(worst);
    free += worst.size;
    if (free >= need) return out;
  }
  return null;
}
