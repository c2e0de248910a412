// Who is shunned, and until when: link ids and verified node keys (pool.ts). Ids and keys cost a
// stranger nothing, so the list is bounded: past MAX_SHUNNED the oldest entry is forgotten first
// (Bitcoin Core keeps its discouraged addresses in a rolling filter of 50,000 for the same reason).

import { BoundedMap } from '../../core/util/bounded-map';

/** Entries kept at most: at about 150 bytes each, some 1.5 MB however many ids misbehave. */
export const MAX_SHUNNED = 10_000;

export class ShunList {
  /** Insertion order is shunning order: the first entry is the oldest. */
  private readonly until = new BoundedMap<string, number>(MAX_SHUNNED);

  get size(): number {
    return this.until.size;
  }

  add(key: string, until: number): void {
    this.until.touch(key, until);
  }

  has(key: string, now: number): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(key);
    return false;
  }
}
