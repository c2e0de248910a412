// The wallet history as the UI lists it: each payment one row, and each run of consecutive mining
// rewards one group row ("42 rewards, 2,100 coins"), so a miner's history stays readable.
import type { HistoryRow } from './wallet-state.svelte';

export interface RewardGroup {
  kind: 'rewards';
  /** A stable key: the newest reward's txid. */
  key: string;
  count: number;
  total: bigint;
  /** Block heights of the newest and the oldest reward in the run. */
  newest: number;
  oldest: number;
  /** Time of the newest reward (unix seconds). */
  time: number | null;
  /** The rewards in the run, newest first. */
  rows: HistoryRow[];
}

export interface PaymentRow {
  kind: 'payment';
  key: string;
  row: HistoryRow;
}

export type ListedRow = RewardGroup | PaymentRow;

/** Groups runs of confirmed mining rewards; `history` is newest first (WalletTracker.history()). */
export function listHistory(history: readonly HistoryRow[]): ListedRow[] {
  const out: ListedRow[] = [];
  for (const row of history) {
    const last = out[out.length - 1];
    if (row.direction === 'mined' && row.status === 'confirmed' && row.height !== null) {
      if (last?.kind === 'rewards') {
        last.count++;
        last.total += row.amount;
        last.oldest = row.height;
        last.rows.push(row);
      } else out.push({ kind: 'rewards', key: row.txid, count: 1, total: row.amount, newest: row.height, oldest: row.height, time: row.time, rows: [row] });
    } else out.push({ kind: 'payment', key: row.txid, row });
  }
  return out;
}

/** One page of rows (page 0 is the newest) and how many pages there are. */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(p * size, (p + 1) * size), page: p, pages };
}
