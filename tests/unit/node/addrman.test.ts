import { describe, expect, it } from 'vitest';
import { AddrMan, BUCKET_SIZE, MAX_FAILURES, NEW_BUCKETS_PER_GROUP, TRIED_BUCKETS } from '../../../src/node/p2p/addrman';
import { seededRandom } from './harness';

const key = new Uint8Array(32).fill(7);
const share = NEW_BUCKETS_PER_GROUP * BUCKET_SIZE;
const known = (am: AddrMan, prefix: string) => am.records().filter((r) => r.id.startsWith(prefix));

describe('addrman: known peers bucketed by who told us', () => {
  it('lets one source fill at most its share of the table, and pushes out nothing others told us', () => {
    const am = new AddrMan(key, seededRandom('flood'));
    for (let i = 0; i < 300; i++) am.add(`honest${i}`, `out:h${i % 8}`, 0);
    const honestBefore = known(am, 'honest').map((r) => r.id);
    expect(honestBefore.length).toBeGreaterThan(150);
    for (let i = 0; i < 5_000; i++) am.add(`spam${i}`, 'inbound', 1_000);
    expect(am.groups().get('inbound')).toBeLessThanOrEqual(share);
    expect(known(am, 'spam').length).toBeLessThanOrEqual(share);
    expect(known(am, 'honest').map((r) => r.id)).toEqual(honestBefore);
  });

  it('gives a slot to a newcomer only when its occupant is terrible (dialled and never reached)', () => {
    const am = new AddrMan(key, seededRandom('terrible'));
    for (let i = 0; i < 2_000; i++) am.add(`old${i}`, 'out:x', 0);
    const old = known(am, 'old');
    for (let i = 0; i < 2_000; i++) am.add(`new${i}`, 'out:x', 10_000);
    expect(known(am, 'old')).toHaveLength(old.length);
    for (const r of old) for (let k = 0; k < MAX_FAILURES; k++) am.attempt(r.id, 20_000);
    for (let i = 0; i < 2_000; i++) am.add(`newer${i}`, 'out:x', 200_000);
    expect(known(am, 'old').length).toBeLessThan(old.length / 4);
  });

  it('keeps peers we reached in the tried table, where floods and newcomers cannot displace them', () => {
    const am = new AddrMan(key, seededRandom('tried'));
    for (let i = 0; i < 10; i++) {
      am.add(`good${i}`, 'out:h', 0);
      am.good(`good${i}`, 'addr', 1);
    }
    for (let i = 0; i < 10; i++) expect(am.isTried(`good${i}`)).toBe(true);
    for (let i = 0; i < 2_000; i++) am.good(`other${i}`, 'signaling', 2);
    for (let i = 0; i < 5_000; i++) am.add(`spam${i}`, 'out:h', 3);
    for (let i = 0; i < 10; i++) expect(am.isTried(`good${i}`)).toBe(true);
    expect(am.triedCount).toBeLessThanOrEqual(TRIED_BUCKETS * BUCKET_SIZE);
  });

  it('selects from both tables, skips what it is told to, and seldom picks an id it just tried', () => {
    const am = new AddrMan(key, seededRandom('select'));
    am.add('fresh', 'out:a', 0);
    am.add('tried-just-now', 'out:b', 0);
    am.good('tried-just-now', 'addr', 0);
    am.add('stale', 'out:c', 0);
    am.attempt('stale', 0);
    expect(am.select(() => true, 0)).toBeNull();
    expect(am.select((id) => id !== 'fresh', 0)).toBe('fresh');
    const picks = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const id = am.select((x) => x === 'tried-just-now', 60_000)!;
      picks.set(id, (picks.get(id) ?? 0) + 1);
    }
    expect(picks.get('fresh')).toBeGreaterThan(350);
    const both = new Set(Array.from({ length: 50 }, () => am.select(() => false, 10 * 60 * 60_000)));
    expect(both).toEqual(new Set(['fresh', 'tried-just-now', 'stale']));
  });

  it('rebuilds the same table from its records after a restart', () => {
    const am = new AddrMan(key, seededRandom('restore'));
    for (let i = 0; i < 500; i++) am.add(`p${i}`, `out:s${i % 5}`, 0);
    for (let i = 0; i < 20; i++) am.good(`p${i * 7}`, 'addr', 1);
    let writes = 0;
    const again = new AddrMan(key, seededRandom('restore 2'), { saved: () => writes++, forgotten: () => writes++ });
    again.restore(am.records(), 5);
    expect(writes).toBe(0);
    const ids = (m: AddrMan) => m.records().map((r) => `${r.id}:${r.tried}:${r.source}`).sort();
    expect(ids(again)).toEqual(ids(am));
  });
});
