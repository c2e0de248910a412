import { describe, expect, it } from 'vitest';
import { BoundedMap, BoundedSet } from '../../../../src/core/util/bounded-map';

describe('BoundedMap', () => {
  it('keeps at most its capacity, evicting the oldest entry and telling onEvict', () => {
    const evicted: Array<[string, number]> = [];
    const m = new BoundedMap<string, number>(2, (k, v) => evicted.push([k, v]));
    m.set('a', 1).set('b', 2);
    expect(evicted).toEqual([]);
    m.set('c', 3);
    expect(evicted).toEqual([['a', 1]]);
    expect([...m.keys()]).toEqual(['b', 'c']);
    expect(m.size).toBe(2);
    expect(m.has('a')).toBe(false);
    expect(m.get('b')).toBe(2);
  });

  it('set keeps an existing key its age; touch renews it', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
    expect([...m.keys()]).toEqual(['b', 'c']);
    const t = new BoundedMap<string, number>(2);
    t.set('a', 1).set('b', 2).touch('a', 10).set('c', 3);
    expect([...t.keys()]).toEqual(['a', 'c']);
    expect(t.get('a')).toBe(10);
  });

  it('delete tells onEvict nothing; evictOldest does, and reports an empty map', () => {
    const evicted: string[] = [];
    const m = new BoundedMap<string, number>(3, (k) => evicted.push(k));
    m.set('a', 1).set('b', 2);
    expect(m.delete('a')).toBe(true);
    expect(evicted).toEqual([]);
    expect(m.evictOldest()).toBe(true);
    expect(evicted).toEqual(['b']);
    expect(m.evictOldest()).toBe(false);
    expect([...m.values()]).toEqual([]);
  });
});

describe('BoundedSet', () => {
  it('forgets its oldest member past capacity; adding a member again does not renew it', () => {
    const s = new BoundedSet<string>(2);
    s.add('a');
    s.add('b');
    s.add('a');
    s.add('c');
    expect([...s.values()]).toEqual(['b', 'c']);
    expect(s.has('a')).toBe(false);
    expect(s.size).toBe(2);
    s.delete('b');
    expect([...s.values()]).toEqual(['c']);
  });
});
