// Maps and sets that forget their oldest entries beyond a capacity: anything a stranger can make
// us remember (announced blocks, shunned ids, refusals, cached signatures) is bounded this way,
// and this is the one place the "evict the oldest" step is written. JavaScript's Map and Set keep
// insertion order, so the first key is the oldest.
// Reading path: beside it, support for every stop (src/core/READING.md).

/** A Map of at most `capacity` entries; setting a new key past it evicts the oldest entry. */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  /** onEvict hears of each entry the capacity pushed out (not of deletes). */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  /** Sets key; an existing key keeps its age (see touch to renew it). */
  set(key: K, value: V): this {
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.evictOldest();
    return this;
  }

  /** Sets key as the newest entry, renewing its age if it was there. */
  touch(key: K, value: V): this {
    this.map.delete(key);
    return this.set(key, value);
  }

  /** Removes the oldest entry (telling onEvict); false if empty. */
  evictOldest(): boolean {
    const first = this.map.entries().next();
    if (first.done) return false;
    const [key, value] = first.value;
    this.map.delete(key);
    this.onEvict?.(key, value);
    return true;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Oldest first. */
  keys(): MapIterator<K> {
    return this.map.keys();
  }

  /** Oldest first. */
  values(): MapIterator<V> {
    return this.map.values();
  }
}

/** A Set of at most `capacity` members; adding past it forgets the oldest. */
export class BoundedSet<T> {
  private readonly items: BoundedMap<T, true>;

  constructor(capacity: number) {
    this.items = new BoundedMap(capacity);
  }

  /** Adding a member again keeps its age (Map.set keeps an existing key's place). */
  add(v: T): void {
    this.items.set(v, true);
  }

  has(v: T): boolean {
    return this.items.has(v);
  }

  delete(v: T): void {
    this.items.delete(v);
  }

  get size(): number {
    return this.items.size;
  }

  /** Oldest first. */
  values(): MapIterator<T> {
    return this.items.keys();
  }
}
