import { describe, expect, it } from 'vitest';
import { OrphanPool } from '../../../../src/core/chain/orphans';
import { REGTEST } from '../../../../src/core/protocol/networks';

// Any body its header commits to (the pool refuses others; tests/unit/core/chain/mutation.test.ts).
const block = REGTEST.genesis;
const orphan = (hashHex: string, prevHex: string, size = 10) => ({ hashHex, prevHex, block, bytes: new Uint8Array(size) });

describe('OrphanPool', () => {
  it('is bounded by count and bytes, evicting the oldest', () => {
    const pool = new OrphanPool(3, 100);
    for (const h of ['a', 'b', 'c', 'd']) pool.add(orphan(h, 'p'));
    expect(pool.size).toBe(3);
    expect(pool.has('a')).toBe(false);
    pool.add(orphan('big', 'p', 85));
    expect(pool.bytes).toBeLessThanOrEqual(100);
    expect(pool.has('big')).toBe(true);
    pool.add(orphan('huge', 'p', 101));
    expect(pool.has('huge')).toBe(false);
  });

  it('hands over children of an arriving parent and finds the missing root', () => {
    const pool = new OrphanPool();
    pool.add(orphan('c2', 'c1'));
    pool.add(orphan('c3', 'c2'));
    pool.add(orphan('x', 'y'));
    pool.add(orphan('x', 'y'));
    expect(pool.missingRoot('c3')).toBe('c1');
    expect(pool.missingRoot('nope')).toBeNull();
    expect(pool.takeChildren('c1').map((o) => o.hashHex)).toEqual(['c2']);
    expect(pool.size).toBe(2);
  });
});
