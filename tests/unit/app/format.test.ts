import { describe, expect, it } from 'vitest';
import { formatBytes, formatHashRate, formatNumber, relativeTime } from '../../../src/app/format';
import { summariseClosed } from '../../../src/app/peer-names';

describe('formatting', () => {
  it('reads numbers, rates, sizes and times as people do', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(12n)).toBe('12');
    expect(formatHashRate(5_770_000)).toBe('5.77 MH/s');
    expect(formatHashRate(0)).toBe('0 H/s');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234)).toBe('1.2 kB');
    expect(relativeTime(100, 102)).toBe('just now');
    expect(relativeTime(100, 142)).toBe('42 s ago');
    expect(relativeTime(0, 300)).toBe('5 min ago');
    expect(relativeTime(0, 3 * 3600)).toBe('3 h ago');
    expect(relativeTime(0, 2 * 86_400)).toBe('2 days ago');
    expect(relativeTime(60, 0)).toBe('in 60 s');
  });

  it('summarises disconnected peers by kind of reason, within a window', () => {
    const closed = [
      { id: 'a', code: 'dead', reason: 'no answer to heartbeats', at: 1_000_000 },
      { id: 'b', code: 'dead', reason: 'no answer to heartbeats', at: 1_000_000 },
      { id: 'c', code: 'peer-closed', reason: 'peer closed: duplicate: x', at: 1_000_000 },
      { id: 'd', code: 'dead', reason: 'old', at: 0 },
    ] as const;
    expect(summariseClosed(closed, 1_000_000)).toEqual({ count: 3, reasons: [['no answer to heartbeats', 2], ['peer closed', 1]] });
  });
});
