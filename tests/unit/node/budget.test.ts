// A peer's budgets (budget.ts, penalties.ts, shun-list.ts) stated as rules: how much a burst holds,
// how fast it refills, what one offence costs, and how long a shun lasts.
import { describe, expect, it } from 'vitest';
import { PeerBudgets, TokenBucket } from '../../../src/node/p2p/budget';
import { BAN_THRESHOLD, penaltyScore } from '../../../src/node/p2p/penalties';
import { ShunList } from '../../../src/node/p2p/shun-list';
import { VerifyError } from '../../../src/core/protocol/verify-error';

describe('a token bucket', () => {
  it('holds its burst, refuses the unit past it, and refills at its rate up to the burst only', () => {
    const b = new TokenBucket(2, 5, 0);
    for (let i = 0; i < 5; i++) expect(b.take(1, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false); // 1 in debt
    expect(b.take(0, 999)).toBe(true); // 2 per second: back to 0.998 in 0.999 s
    expect(b.take(1, 1_000)).toBe(true); // exactly out of debt
    expect(b.take(1, 1_000)).toBe(false);
    const rested = new TokenBucket(2, 5, 0);
    expect(rested.take(5, 60_000)).toBe(true); // a long rest refills to the burst, not beyond
    expect(rested.take(1, 60_000)).toBe(false);
  });

  it('says how long until it is out of debt', () => {
    const b = new TokenBucket(4, 4, 0);
    expect(b.waitMs(0)).toBe(0);
    b.take(4, 0);
    expect(b.waitMs(0)).toBe(0); // empty is not in debt
    b.take(3, 0);
    expect(b.waitMs(0)).toBe(750);
    expect(b.waitMs(500)).toBe(250);
    expect(b.waitMs(750)).toBe(0);
  });

  it('keeps one bucket per peer', () => {
    const budgets = new PeerBudgets<object>(1, 2);
    const a = {};
    const b = {};
    expect(budgets.take(a, 2, 0)).toBe(true);
    expect(budgets.take(a, 1, 0)).toBe(false);
    expect(budgets.take(b, 2, 0)).toBe(true);
    expect(budgets.take(a, 0, 1_000)).toBe(true); // a's own bucket, refilled from its debt
    expect(budgets.take(a, 1, 1_000)).toBe(false);
  });
});

describe('penalty scores', () => {
  it('charges a fixed penalty its table score, and a broken rule the rule\'s score, a full ban by default', () => {
    expect(penaltyScore('duplicate-handshake')).toBe(20);
    expect(penaltyScore('invalid-tx', new VerifyError('bad-txns-duplicate', 'x', 7))).toBe(7);
    expect(penaltyScore('invalid-block', new VerifyError('bad-txns-duplicate', 'x'))).toBe(BAN_THRESHOLD);
    expect((penaltyScore as (c: string) => number)('invalid-header')).toBe(BAN_THRESHOLD);
  });
});

describe('the shun list', () => {
  it('shuns until the given time, not at it, and forgets an expired entry', () => {
    const list = new ShunList();
    list.add('peer', 1_000);
    expect(list.has('peer', 999)).toBe(true);
    expect(list.has('peer', 1_000)).toBe(false);
    expect(list.size).toBe(0);
    expect(list.has('stranger', 0)).toBe(false);
  });
});
