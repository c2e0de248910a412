// AddrMan's rules at their edges (src/node/p2p/addrman.ts), found unpinned by mutation testing
// (docs/RELIABILITY.md): the tables' capacity, what add and good report and keep, the 60 s grace
// of a just-dialled id, test-before-evict in the tried table, restore's order, select's weights.
import { describe, expect, it } from 'vitest';
import { AddrMan, BUCKET_SIZE, MAX_ENTRIES, MAX_FAILURES, NEW_BUCKETS, RECENT_TRY_MS, TRIED_BUCKETS, type AddrRecord } from '../../../src/node/p2p/addrman';
import { seededRandom } from './harness';

const key = new Uint8Array(32).fill(3);
const T = 50_000_000; // a clock far from 0, so that a sum in place of a difference shows
const fresh = (hooks?: ConstructorParameters<typeof AddrMan>[2]) => new AddrMan(key, seededRandom('addrman rules'), hooks);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** The first candidate whose tried slot is a's (good(b) finds a there). */
function triedCollider(a: string): string {
  for (const b of ids(`${a}-t`, 10_000)) {
    const probe = fresh();
    probe.good(a, 'x', 1);
    probe.good(b, 'x', 1);
    if (!probe.isTried(b)) return b;
  }
  throw new Error('no collision');
}

/** The first candidate whose new slot, told by `source`, is b's. */
function newCollider(b: string, source: string): string {
  for (const c of ids(`${b}-n`, 10_000)) {
    const probe = fresh();
    probe.add(b, source, 1);
    if (!probe.add(c, source, 1)) return c;
  }
  throw new Error('no collision');
}

/** Dials of `id` that never answered: it is terrible once the 60 s grace after the last is over. */
const fail = (am: AddrMan, id: string, at: number) => {
  for (let k = 0; k < MAX_FAILURES; k++) am.attempt(id, at);
};

describe('addrman tables', () => {
  it('hold at most MAX_ENTRIES ids, and fill close to it from many sources', () => {
    expect(MAX_ENTRIES).toBe((NEW_BUCKETS + TRIED_BUCKETS) * BUCKET_SIZE);
    const am = fresh();
    for (let s = 0; s < 300; s++) for (const id of ids(`s${s}-`, 20)) am.add(id, `out:s${s}`, 0);
    for (const id of ids('reached', 3_000)) am.good(id, 'addr', 0);
    expect(am.size).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(am.size).toBeGreaterThan(0.9 * MAX_ENTRIES);
    const tried = am.records().filter((r) => r.tried).length;
    expect(am.triedCount).toBe(tried);
    expect(tried).toBeGreaterThan(0.9 * TRIED_BUCKETS * BUCKET_SIZE);
  });

  it('count what each source told us, and answer has, isTried and size', () => {
    const am = fresh();
    expect([am.size, am.triedCount, am.has('a'), am.isTried('a')]).toEqual([0, 0, false, false]);
    am.add('a', 'inbound', 0);
    am.add('b', 'inbound', 0);
    am.add('c', 'out:addr', 0);
    am.good('c', 'out:addr', 0);
    expect([...am.groups()].sort()).toEqual([
      ['inbound', 2],
      ['out:addr', 1],
    ]);
    expect([am.size, am.triedCount, am.has('a'), am.isTried('a'), am.isTried('c')]).toEqual([3, 1, true, false, true]);
  });
});

describe('addrman add', () => {
  it('reports true only for an id it placed, and keeps the first source of a known id', () => {
    const saved: AddrRecord[] = [];
    const am = fresh({ saved: (r) => saved.push(r), forgotten: () => {} });
    expect(am.add('a', 'inbound', 0)).toBe(true);
    expect(saved).toEqual([{ id: 'a', source: 'inbound', tried: false, failures: 0, lastSuccess: 0 }]);
    expect(am.add('a', 'out:addr', 5)).toBe(false);
    expect(am.records()).toEqual([{ id: 'a', source: 'inbound', tried: false, failures: 0, lastSuccess: 0 }]);
    let placed = 0;
    for (const id of ids('flood', 2_000)) if (am.add(id, 'inbound', 0)) placed++;
    expect(placed).toBe(am.size - 1);
  });

  it('gives a just-dialled id 60 s of grace before a newcomer may take its slot', () => {
    const c = newCollider('b', 'inbound');
    const am = fresh();
    am.add('b', 'inbound', T);
    fail(am, 'b', T);
    expect(am.add(c, 'inbound', T + 59_999)).toBe(false);
    expect(am.has('b')).toBe(true);
    expect(am.add(c, 'inbound', T + 60_000)).toBe(true);
    expect(am.has('b')).toBe(false);
  });

  it('lets a newcomer take the slot of a restored id that failed MAX_FAILURES times and never answered', () => {
    const c = newCollider('b', 'inbound');
    const am = fresh();
    am.restore([{ id: 'b', source: 'inbound', tried: false, failures: MAX_FAILURES - 1, lastSuccess: 0 }], 0);
    expect(am.add(c, 'inbound', 1_000)).toBe(false);
    const again = fresh();
    again.restore([{ id: 'b', source: 'inbound', tried: false, failures: MAX_FAILURES, lastSuccess: 0 }], 0);
    expect(again.add(c, 'inbound', 1_000)).toBe(true);
  });

  it('never counts an id that once answered as terrible', () => {
    // x answered once but its tried slot is held by a's healthy entry, so x stays new.
    const x = triedCollider('a');
    const c = newCollider(x, 'inbound');
    const am = fresh();
    am.good('a', 'addr', 1);
    am.add(x, 'inbound', 1);
    am.attempt(x, 2);
    am.good(x, 'inbound', 3);
    expect(am.isTried(x)).toBe(false);
    expect(am.records().find((r) => r.id === x)).toMatchObject({ failures: 0, lastSuccess: 3 });
    fail(am, x, 4);
    expect(am.add(c, 'inbound', T)).toBe(false);
    expect(am.has(x)).toBe(true);
  });
});

describe('addrman good', () => {
  it('resets a tried id that answers again, in place', () => {
    const forgotten: string[] = [];
    const saved: AddrRecord[] = [];
    const am = fresh({ saved: (r) => saved.push(r), forgotten: (id) => forgotten.push(id) });
    am.good('a', 'addr', 1);
    am.attempt('a', 2);
    am.attempt('a', 3);
    saved.length = 0;
    am.good('a', 'other', 9);
    expect(saved).toEqual([{ id: 'a', source: 'addr', tried: true, failures: 0, lastSuccess: 9 }]);
    expect(forgotten).toEqual([]);
    expect(am.triedCount).toBe(1);
  });

  it('gives a tried slot to a newcomer only when its occupant stopped answering', () => {
    const b = triedCollider('a');
    const forgotten: string[] = [];
    const am = fresh({ saved: () => {}, forgotten: (id) => forgotten.push(id) });
    am.good('a', 'addr', 1);
    am.good(b, 'addr', 2);
    expect([am.isTried('a'), am.isTried(b), am.has(b)]).toEqual([true, false, true]);
    am.attempt('a', 3);
    am.good(b, 'addr', 4);
    expect([am.has('a'), am.isTried(b), am.triedCount]).toEqual([false, true, 1]);
    expect(forgotten).toEqual(['a']);
  });

  it('saves the reset of an id that answered but stays new (its tried slot is held)', () => {
    const x = triedCollider('a');
    const saved: AddrRecord[] = [];
    const am = fresh({ saved: (r) => saved.push(r), forgotten: () => {} });
    am.good('a', 'addr', 1);
    am.add(x, 'inbound', 1);
    am.attempt(x, 2);
    saved.length = 0;
    am.good(x, 'inbound', 3);
    expect(saved).toEqual([{ id: x, source: 'inbound', tried: false, failures: 0, lastSuccess: 3 }]);
  });

  it('frees the new slot of an id that moves to the tried table', () => {
    const c = newCollider('b', 'inbound');
    const am = fresh();
    am.add('b', 'inbound', 1);
    am.good('b', 'inbound', 2);
    expect(am.isTried('b')).toBe(true);
    expect(am.add(c, 'inbound', 3)).toBe(true);
  });

  it("keeps when a moved id was last dialled, so it is not picked again at once", () => {
    const am = fresh();
    am.add('dialled', 'out:a', T);
    am.attempt('dialled', T);
    am.good('dialled', 'out:a', T);
    am.good('other', 'addr', T);
    const picks = Array.from({ length: 200 }, () => am.select(() => false, T + 1_000));
    expect(picks.filter((id) => id === 'dialled').length).toBeLessThan(20);
  });
});

describe('addrman restore', () => {
  it('places tried records before new ones, whatever order they come in', () => {
    // b's tried slot is a's, so b joins the new table, where c would take its slot if placed first.
    const b = triedCollider('a');
    const c = newCollider(b, 'addr');
    const records: AddrRecord[] = [
      { id: c, source: 'addr', tried: false, failures: 0, lastSuccess: 0 },
      { id: 'a', source: 'addr', tried: true, failures: 0, lastSuccess: 7 },
      { id: b, source: 'addr', tried: true, failures: 0, lastSuccess: 8 },
    ];
    const am = fresh();
    am.restore(records, 100);
    expect([am.isTried('a'), am.has(b), am.has(c)]).toEqual([true, true, false]);
  });

  it('keeps failures and last success, and stamps a tried record without one with the time of restore', () => {
    const am = fresh();
    am.restore(
      [
        { id: 'a', source: 'addr', tried: true, failures: 2, lastSuccess: 7 },
        { id: 'b', source: 'inbound', tried: true, failures: 0, lastSuccess: 0 },
        { id: 'n', source: 'inbound', tried: false, failures: 1, lastSuccess: 0 },
      ],
      100,
    );
    expect(am.records().sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a', source: 'addr', tried: true, failures: 2, lastSuccess: 7 },
      { id: 'b', source: 'inbound', tried: true, failures: 0, lastSuccess: 100 },
      { id: 'n', source: 'inbound', tried: false, failures: 1, lastSuccess: 0 },
    ]);
  });
});

describe('addrman select', () => {
  const share = (am: AddrMan, id: string, now: number) => Array.from({ length: 400 }, () => am.select(() => false, now)).filter((x) => x === id).length / 400;

  it('weighs an id down by 0.66 per failure', () => {
    const am = fresh();
    am.add('healthy', 'out:a', 0);
    am.add('flaky', 'out:b', 0);
    for (let k = 0; k < 5; k++) am.attempt('flaky', 0);
    // 0.66^5 = 0.125: about 1 pick in 9.
    expect(share(am, 'flaky', T)).toBeLessThan(0.25);
    expect(share(am, 'flaky', T)).toBeGreaterThan(0.03);
  });

  it('weighs an id tried within RECENT_TRY_MS down 100 times, and not from RECENT_TRY_MS on', () => {
    const am = fresh();
    am.add('recent', 'out:a', 0);
    am.add('earlier', 'out:b', 0);
    am.attempt('earlier', T - RECENT_TRY_MS);
    am.attempt('recent', T);
    expect(share(am, 'recent', T + RECENT_TRY_MS - 1)).toBeLessThan(0.05);
    const even = share(am, 'recent', T + RECENT_TRY_MS);
    expect(even).toBeGreaterThan(0.35);
    expect(even).toBeLessThan(0.65);
  });
});
