// The senders' tails, kept in a binary heap by eviction order, so a full mempool finds what to
// evict in O(k log k) for k evictions instead of scanning every sender (45,000 in a full 8 MB
// pool: 17 ms an admission by a linear scan). The pool tells it each sender's new tail.
// Reading path: stop 7, the mempool (src/core/READING.md).
import { evictsBefore, type Evictable } from './eviction';

/** A binary min-heap under `before`; with `keyOf`, entries can be found, replaced and removed. */
class Heap<T> {
  readonly items: T[] = [];
  private readonly at = new Map<string, number>();

  constructor(
    private readonly before: (a: T, b: T) => boolean,
    private readonly keyOf?: (t: T) => string,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(t: T): void {
    this.items.push(t);
    this.place(this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** Removes the entry with this key (keyed heaps only). */
  remove(key: string): void {
    const i = this.at.get(key);
    if (i !== undefined) this.removeAt(i);
  }

  private removeAt(i: number): void {
    const last = this.items.pop() as T;
    if (this.keyOf) this.at.delete(this.keyOf(this.items[i] ?? last));
    if (i === this.items.length) return;
    this.items[i] = last;
    this.place(i);
    this.down(i);
    this.up(i);
  }

  private place(i: number): void {
    if (this.keyOf) this.at.set(this.keyOf(this.items[i] as T), i);
  }

  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j] as T, this.items[i] as T];
    this.place(i);
    this.place(j);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.items[i] as T, this.items[parent] as T)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      let best = i;
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < this.items.length && this.before(this.items[c] as T, this.items[best] as T)) best = c;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}

/** A candidate while walking: a pool entry, where it sits in the tail heap (-1: not there), and in its sender's list. */
interface Step<E> {
  entry: E;
  heapIndex: number;
  listIndex: number;
}

export class TailHeap<E extends Evictable> {
  private readonly heap = new Heap<E>(evictsBefore, (e) => e.senderHex);

  /** A sender's chain changed: its tail is now `tail` (null: the sender has nothing pending). */
  set(senderHex: string, tail: E | null): void {
    this.heap.remove(senderHex);
    if (tail) this.heap.push(tail);
  }

  get size(): number {
    return this.heap.size;
  }

  /**
   * The entries a full pool would evict, in order, without changing anything: the worst tail,
   * then whichever is worst of the remaining tails and the evicted one's predecessor, and so on.
   * The heap is walked from its root (a node is never worse than its parent), so the first k
   * cost O(k log k). `keep`'s chain is never offered.
   */
  *evictionOrder(chains: ReadonlyMap<string, readonly E[]>, keep: string | null): Generator<E> {
    const tails = this.heap.items;
    const frontier = new Heap<Step<E>>((a, b) => evictsBefore(a.entry, b.entry));
    const fromHeap = (i: number) => {
      const entry = tails[i] as E;
      frontier.push({ entry, heapIndex: i, listIndex: (chains.get(entry.senderHex)?.length ?? 1) - 1 });
    };
    if (tails.length > 0) fromHeap(0);
    for (let step = frontier.pop(); step; step = frontier.pop()) {
      if (step.heapIndex >= 0) for (const c of [2 * step.heapIndex + 1, 2 * step.heapIndex + 2]) if (c < tails.length) fromHeap(c);
      if (step.entry.senderHex === keep) continue;
      yield step.entry;
      const before = chains.get(step.entry.senderHex)?.[step.listIndex - 1];
      if (step.listIndex > 0 && before) frontier.push({ entry: before, heapIndex: -1, listIndex: step.listIndex - 1 });
    }
  }
}
