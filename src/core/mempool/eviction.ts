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
 * The tails to evict, in order, until `need` more bytes fit under `maxBytes`, leaving `keep`'s
 * chain alone (a new transfer builds on it). With `entry`, each evicted tail must pay a lower fee
 * rate than entry by `incrementalRate` (paysToEvict), or nothing is evicted and null is returned.
 * Plans only: changes nothing.
 */
export function planEviction<E extends Evictable>(
  chains: ReadonlyMap<string, readonly E[]>,
  freeBytes: number,
  need: number,
  keep: string | null,
  entry: Evictable | null,
  incrementalRate = 0n,
): E[] | null {
  if (freeBytes >= need) return [];
  const lengths = new Map<string, number>();
  for (const [sender, list] of chains) if (sender !== keep && list.length > 0) lengths.set(sender, list.length);
  const out: E[] = [];
  let free = freeBytes;
  while (free < need) {
    let worst: E | null = null;
    for (const [sender, n] of lengths) {
      const tail = (chains.get(sender) as readonly E[])[n - 1] as E;
      if (!worst || evictsBefore(tail, worst)) worst = tail;
    }
    if (!worst || (entry && !paysToEvict(entry, worst, incrementalRate))) return null;
    out.push(worst);
    free += worst.size;
    const left = (lengths.get(worst.senderHex) as number) - 1;
    if (left === 0) lengths.delete(worst.senderHex);
    else lengths.set(worst.senderHex, left);
  }
  return out;
}
