// The tail heap walks a full pool's evictable transfers in exactly the order a linear scan of
// every sender's tail would pick them, after any sequence of chain changes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TailHeap } from '../../../../src/core/mempool/tail-heap';
import { evictsBefore, planEviction, type Evictable } from '../../../../src/core/mempool/eviction';

interface E extends Evictable {
  tx: { fee: bigint };
}

/** The reference: repeatedly the worst current tail, then that sender's next one competes. */
function linearOrder(chains: Map<string, E[]>, keep: string | null): E[] {
  const lengths = new Map([...chains].filter(([s, l]) => s !== keep && l.length > 0).map(([s, l]) => [s, l.length]));
  const out: E[] = [];
  for (;;) {
    let worst: E | null = null;
    for (const [s, n] of lengths) {
      const tail = chains.get(s)![n - 1]!;
      if (!worst || evictsBefore(tail, worst)) worst = tail;
    }
    if (!worst) return out;
    out.push(worst);
    const left = lengths.get(worst.senderHex)! - 1;
    if (left === 0) lengths.delete(worst.senderHex);
    else lengths.set(worst.senderHex, left);
  }
}

const change = fc.record({
  sender: fc.integer({ min: 0, max: 12 }),
  fees: fc.array(fc.bigInt({ min: 1n, max: 50n }), { maxLength: 4 }),
  size: fc.integer({ min: 100, max: 104 }),
});

describe('TailHeap', () => {
  it('offers entries in the linear scan\'s order after any changes, skipping the kept sender', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 40 }), fc.option(fc.integer({ min: 0, max: 12 })), (changes, keepN) => {
        const chains = new Map<string, E[]>();
        const heap = new TailHeap<E>();
        let serial = 0;
        for (const c of changes) {
          const s = `s${c.sender}`;
          const list = c.fees.map((fee) => ({ id: (serial++).toString(16).padStart(4, '0'), senderHex: s, size: c.size, tx: { fee: fee * 100n } }));
          if (list.length === 0) chains.delete(s);
          else chains.set(s, list);
          heap.set(s, list[list.length - 1] ?? null);
        }
        const keep = keepN === null ? null : `s${keepN}`;
        expect([...heap.evictionOrder(chains, keep)].map((e) => e.id)).toEqual(linearOrder(chains, keep).map((e) => e.id));
        expect(heap.size).toBe(chains.size);
      }),
      { seed: 15, numRuns: 400 },
    );
  });

  it('plans only as many evictions as the bytes need, and none an entry cannot pay for', () => {
    const chains = new Map<string, E[]>([
      ['a', [{ id: '1', senderHex: 'a', size: 100, tx: { fee: 500n } }]],
      ['b', [{ id: '2', senderHex: 'b', size: 100, tx: { fee: 900n } }]],
    ]);
    const heap = new TailHeap<E>();
    for (const [s, l] of chains) heap.set(s, l.at(-1)!);
    const rich = { id: '9', senderHex: 'c', size: 100, tx: { fee: 5_000n } };
    expect(planEviction(heap.evictionOrder(chains, 'c'), 0, 100, rich, 5n)?.map((e) => e.id)).toEqual(['1']);
    expect(planEviction(heap.evictionOrder(chains, 'c'), 0, 200, rich, 5n)?.map((e) => e.id)).toEqual(['1', '2']);
    // 1,000 beats 900 at a rate of 10/byte, but not by the incremental 5/byte: refused.
    expect(planEviction(heap.evictionOrder(chains, 'c'), 0, 200, { ...rich, tx: { fee: 1_000n } }, 5n)).toBeNull();
    expect(planEviction(heap.evictionOrder(chains, 'c'), 0, 300, rich, 5n)).toBeNull();
  });
});
