import { describe, expect, it } from 'vitest';
import { listHistory, pageOf } from '../../../src/app/history-rows';
import type { HistoryRow } from '../../../src/app/wallet-state.svelte';

const row = (over: Partial<HistoryRow>): HistoryRow =>
  ({ txid: `t${Math.random()}`, direction: 'mined', amount: 50n, fee: 0n, counterparty: '', nonce: null, height: 1, status: 'confirmed', memo: '', time: 100, bumps: 0, confirmations: 1, tx: null as never, ...over }) as HistoryRow;

describe('history rows', () => {
  it('groups each run of confirmed mining rewards into one row, keeping payments between runs', () => {
    const history = [
      row({ direction: 'out', height: null, status: 'pending', nonce: 0 }),
      ...[44, 43, 42].map((height) => row({ height })),
      row({ direction: 'in', height: 41, nonce: 3 }),
      ...Array.from({ length: 40 }, (_, i) => row({ height: 40 - i })),
    ];
    const listed = listHistory(history);
    expect(listed.map((l) => l.kind)).toEqual(['payment', 'rewards', 'payment', 'rewards']);
    expect(listed[1]).toMatchObject({ count: 3, total: 150n, newest: 44, oldest: 42 });
    expect(listed[3]).toMatchObject({ count: 40, total: 2_000n, newest: 40, oldest: 1 });
  });

  it('leaves a reward that left the chain as its own row', () => {
    const listed = listHistory([row({ height: 5 }), row({ height: null, status: 'dropped' }), row({ height: 3 })]);
    expect(listed.map((l) => l.kind)).toEqual(['rewards', 'payment', 'rewards']);
  });

  it('pages, clamping the page to what exists', () => {
    const items = Array.from({ length: 31 }, (_, i) => i);
    expect(pageOf(items, 0, 15)).toMatchObject({ page: 0, pages: 3, rows: items.slice(0, 15) });
    expect(pageOf(items, 9, 15)).toMatchObject({ page: 2, rows: [30] });
    expect(pageOf([], 0, 15)).toMatchObject({ page: 0, pages: 1, rows: [] });
  });
});
