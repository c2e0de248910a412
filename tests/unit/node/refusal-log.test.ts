import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/node/refusal-log';
import { VerifyError } from '../../../src/core/protocol/verify-error';

const error = new VerifyError('bad-txns-duplicate', 'a transaction appears twice');

describe('RefusalLog', () => {
  it('gives a refused id that comes back a new key, newest first', () => {
    const log = new RefusalLog(5);
    log.add('block', 'ab', error, 1);
    const entries = log.add('block', 'ab', error, 2);
    expect(entries.map((e) => e.id)).toEqual(['ab', 'ab']);
    expect(entries.map((e) => e.at)).toEqual([2, 1]);
    expect(new Set(entries.map((e) => e.seq)).size).toBe(2);
    expect(entries[0]).toMatchObject({ kind: 'block', code: 'bad-txns-duplicate', reason: 'a transaction appears twice', explanation: error.explanation });
  });

  it('keeps at most its limit, dropping the oldest, and never reuses a key', () => {
    const log = new RefusalLog(3);
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) for (const e of log.add('tx', `t${i}`, error, i)) seen.add(e.seq);
    expect(log.entries.map((e) => e.id)).toEqual(['t9', 't8', 't7']);
    expect(seen.size).toBe(10);
  });

  it('replaces its entries whole, so a $state.raw holder sees each change', () => {
    const log = new RefusalLog(3);
    const before = log.add('header', 'h1', error, 0);
    const after = log.add('header', 'h2', error, 0);
    expect(after).not.toBe(before);
    expect(before.map((e) => e.id)).toEqual(['h1']);
  });
});
