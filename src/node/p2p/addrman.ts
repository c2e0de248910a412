// Known peers, kept the way Bitcoin Core's addrman keeps addresses (src/addrman.cpp): a "new"
// table of ids we have heard of and a "tried" table of ids we have reached ourselves.
//
// A new id lands in a bucket picked by a keyed hash of the group of whoever told us, and each
// group reaches only NEW_BUCKETS_PER_GROUP of the NEW_BUCKETS buckets. So one peer's `addr` flood
// can fill at most that share of the table, however many ids it sends. Bitcoin groups sources by
// network (/16); our ids cost nothing, so the pool groups them by the route the sender came by. A taken slot keeps its
// occupant unless the occupant is terrible (dialled again and again, never reached): a flood
// cannot push out ids we already know. Ids move to the tried table when we complete a handshake
// with them, and a tried slot is only given up by an occupant that stopped answering.
//
// The key is secret and per process, so a stranger cannot aim ids at chosen buckets. Pure logic:
// time is a parameter, randomness is injected.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../core/encoding/bytes';
import type { RandomBytes } from '../../core/util/timers';

export const NEW_BUCKETS = 64;
export const TRIED_BUCKETS = 16;
export const BUCKET_SIZE = 16;
/** How many new buckets one source group can reach: 4 of 64, so one source fills at most 1/16. */
export const NEW_BUCKETS_PER_GROUP = 4;
export const MAX_ENTRIES = (NEW_BUCKETS + TRIED_BUCKETS) * BUCKET_SIZE;
/** An id dialled this many times without ever answering is terrible: any newcomer may replace it. */
export const MAX_FAILURES = 3;
/** Just tried: not picked again for a while (Bitcoin's GetChance divides by 100). */
export const RECENT_TRY_MS = 10 * 60_000;

/** A persisted entry: enough to rebuild the table after a restart. */
export interface AddrRecord {
  id: string;
  /** The source group that told us: the route its sender came by (`inbound`, `out:signaling`...). */
  source: string;
  tried: boolean;
  failures: number;
  lastSuccess: number;
}

interface Entry extends AddrRecord {
  /** When we last dialled it; null if never. */
  lastTry: number | null;
  /** Position in its table. */
  slot: number;
}

export interface AddrManHooks {
  saved(record: AddrRecord): void;
  forgotten(id: string): void;
}

const NO_HOOKS: AddrManHooks = { saved: () => {}, forgotten: () => {} };

export class AddrMan {
  private readonly entries = new Map<string, Entry>();
  private readonly newTable: (string | null)[] = new Array<string | null>(NEW_BUCKETS * BUCKET_SIZE).fill(null);
  private readonly triedTable: (string | null)[] = new Array<string | null>(TRIED_BUCKETS * BUCKET_SIZE).fill(null);
  private readonly keyHex: string;
  /** Rebuilding from the store: nothing to write back. */
  private restoring = false;

  constructor(
    key: Uint8Array,
    private readonly random: RandomBytes,
    private readonly hooks: AddrManHooks = NO_HOOKS,
  ) {
    this.keyHex = toHex(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get triedCount(): number {
    return this.triedTable.filter((id) => id !== null).length;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  isTried(id: string): boolean {
    return this.entries.get(id)?.tried ?? false;
  }

  /** How many entries each source group holds (for tests, the sim and the network panel). */
  groups(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.entries.values()) out.set(e.source, (out.get(e.source) ?? 0) + 1);
    return out;
  }

  /** Adds an id heard of from `source`. False if it was known already or found no free slot. */
  add(id: string, source: string, now: number): boolean {
    if (this.entries.has(id)) return false;
    const bucket = this.hash('new', source, String(this.hash('group', id) % NEW_BUCKETS_PER_GROUP)) % NEW_BUCKETS;
    const slot = bucket * BUCKET_SIZE + (this.hash('slot', String(bucket), id) % BUCKET_SIZE);
    const occupant = this.newTable[slot];
    if (occupant !== null && occupant !== undefined) {
      if (!this.terrible(this.entries.get(occupant)!, now)) return false;
      this.forget(occupant);
    }
    this.place({ id, source, tried: false, failures: 0, lastSuccess: 0, lastTry: null, slot });
    return true;
  }

  /** We dialled it: counts against it until it answers. */
  attempt(id: string, now: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.lastTry = now;
    e.failures++;
    this.hooks.saved(record(e));
  }

  /**
   * We completed a handshake with it over a link we dialled: it moves to the tried table (joining
   * with `source` if we did not know it). A tried slot held by a peer that still answers is kept
   * (Bitcoin's test-before-evict); the newcomer then stays where it was.
   */
  good(id: string, source: string, now: number): void {
    let e = this.entries.get(id);
    if (e?.tried) {
      e.failures = 0;
      e.lastSuccess = now;
      this.hooks.saved(record(e));
      return;
    }
    const bucket = this.hash('tried', id) % TRIED_BUCKETS;
    const slot = bucket * BUCKET_SIZE + (this.hash('tslot', String(bucket), id) % BUCKET_SIZE);
    const occupant = this.triedTable[slot];
    if (occupant !== null && occupant !== undefined) {
      const o = this.entries.get(occupant)!;
      if (o.failures === 0) {
        if (e) {
          Object.assign(e, { failures: 0, lastSuccess: now });
          this.hooks.saved(record(e));
        } else this.add(id, source, now);
        return;
      }
      this.forget(occupant);
    }
    if (e) this.remove(e);
    e = { id, source: e?.source ?? source, tried: true, failures: 0, lastSuccess: now, lastTry: e?.lastTry ?? null, slot };
    this.place(e);
  }

  /** Rebuilds the table from persisted records (tried ones first, so they keep their place). */
  restore(records: AddrRecord[], now: number): void {
    this.restoring = true;
    try {
      for (const r of [...records].sort((a, b) => Number(b.tried) - Number(a.tried))) {
        if (r.tried) this.good(r.id, r.source, r.lastSuccess || now);
        else this.add(r.id, r.source, now);
        const e = this.entries.get(r.id);
        if (e) e.failures = r.failures;
      }
    } finally {
      this.restoring = false;
    }
  }

  /**
   * Picks an id to dial, or null: the tried or the new table with even odds (Bitcoin's Select),
   * then an entry weighted by Bitcoin's GetChance (recently tried and often failed ids rarely).
   */
  select(skip: (id: string) => boolean, now: number): string | null {
    const tried: Entry[] = [];
    const fresh: Entry[] = [];
    for (const e of this.entries.values()) if (!skip(e.id)) (e.tried ? tried : fresh).push(e);
    const triedFirst = this.uniform() < 0.5;
    const order = triedFirst ? [tried, fresh] : [fresh, tried];
    const pool = order[0]!.length > 0 ? order[0]! : order[1]!;
    if (pool.length === 0) return null;
    const weights = pool.map((e) => (e.lastTry !== null && now - e.lastTry < RECENT_TRY_MS ? 0.01 : 1) * 0.66 ** Math.min(e.failures, 8));
    let r = this.uniform() * weights.reduce((a, b) => a + b, 0);
    for (const [i, w] of weights.entries()) if ((r -= w) < 0) return pool[i]!.id;
    return pool[pool.length - 1]!.id;
  }

  records(): AddrRecord[] {
    return [...this.entries.values()].map(record);
  }

  private terrible(e: Entry, now: number): boolean {
    if (e.lastTry !== null && now - e.lastTry < 60_000) return false;
    return e.lastSuccess === 0 && e.failures >= MAX_FAILURES;
  }

  private place(e: Entry): void {
    (e.tried ? this.triedTable : this.newTable)[e.slot] = e.id;
    this.entries.set(e.id, e);
    if (!this.restoring) this.hooks.saved(record(e));
  }

  private remove(e: Entry): void {
    (e.tried ? this.triedTable : this.newTable)[e.slot] = null;
    this.entries.delete(e.id);
  }

  private forget(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.remove(e);
    this.hooks.forgotten(id);
  }

  /** A keyed hash of length-prefixed parts, as a 32-bit number. */
  private hash(...parts: string[]): number {
    const h = sha256(utf8([this.keyHex, ...parts].map((p) => `${p.length}:${p}`).join('')));
    return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  }

  private uniform(): number {
    const r = this.random(4);
    return (((r[0]! << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0) / 2 ** 32;
  }
}

const record = (e: Entry): AddrRecord => ({ id: e.id, source: e.source, tried: e.tried, failures: e.failures, lastSuccess: e.lastSuccess });
