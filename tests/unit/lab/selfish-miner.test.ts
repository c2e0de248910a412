// SM1 as Eyal & Sirer state it (Algorithm 1), move by move, and their closed form.
import { describe, expect, it } from 'vitest';
import { SelfishMiner, selfishRevenue, selfishThreshold } from '../../../src/lab/selfish-miner';

const b = (height: number) => ({ height });

describe('SelfishMiner (SM1)', () => {
  it('withholds its first block and races when an honest block matches it', () => {
    const sm = new SelfishMiner(10);
    expect(sm.onOwnBlock(b(11))).toEqual({ move: 'withhold', publish: [] });
    expect(sm.lead).toBe(1);
    expect(sm.onPublicBlock(11)).toEqual({ move: 'race', publish: [b(11)] });
    expect(sm.lead).toBe(0);
  });

  it('wins a race with its next block, publishing it', () => {
    const sm = new SelfishMiner(10);
    sm.onOwnBlock(b(11));
    sm.onPublicBlock(11);
    expect(sm.onOwnBlock(b(12))).toEqual({ move: 'win', publish: [b(12)] });
    expect(sm.lead).toBe(0);
    expect(sm.withheld).toEqual([]);
    // The next block starts from the published tip.
    expect(sm.onOwnBlock(b(13)).move).toBe('withhold');
  });

  it('adopts the public chain when it loses a race or has nothing private', () => {
    const sm = new SelfishMiner(10);
    expect(sm.onPublicBlock(11)).toEqual({ move: 'adopt', publish: [] });
    sm.onOwnBlock(b(12));
    sm.onPublicBlock(12);
    expect(sm.onPublicBlock(13)).toEqual({ move: 'adopt', publish: [] });
    expect(() => sm.onOwnBlock(b(13))).toThrow(/height 13/);
    expect(sm.onOwnBlock(b(14)).move).toBe('withhold');
  });

  it('publishes all with a lead of two when an honest block arrives', () => {
    const sm = new SelfishMiner(0);
    sm.onOwnBlock(b(1));
    sm.onOwnBlock(b(2));
    expect(sm.onPublicBlock(1)).toEqual({ move: 'win', publish: [b(1), b(2)] });
  });

  it('far ahead, reveals one block per honest block and publishes the rest when the lead falls to one', () => {
    const sm = new SelfishMiner(0);
    for (let h = 1; h <= 4; h++) sm.onOwnBlock(b(h));
    expect(sm.lead).toBe(4);
    expect(sm.onPublicBlock(1)).toEqual({ move: 'match', publish: [b(1)] });
    expect(sm.onPublicBlock(2)).toEqual({ move: 'match', publish: [b(2)] });
    expect(sm.withheld).toEqual([b(3), b(4)]);
    expect(sm.onPublicBlock(3)).toEqual({ move: 'win', publish: [b(3), b(4)] });
  });

  it('at the end of a run, publishes a branch still ahead and gives up one that is not', () => {
    const ahead = new SelfishMiner(0);
    for (let h = 1; h <= 3; h++) ahead.onOwnBlock(b(h));
    expect(ahead.onPublicBlock(1)).toEqual({ move: 'match', publish: [b(1)] });
    expect(ahead.finish()).toEqual({ move: 'win', publish: [b(2), b(3)] });
    expect(ahead.lead).toBe(0);
    const tied = new SelfishMiner(0);
    tied.onOwnBlock(b(1));
    tied.onPublicBlock(1);
    expect(tied.finish()).toEqual({ move: 'adopt', publish: [] });
    expect(tied.withheld).toEqual([]);
    expect(tied.onOwnBlock(b(2))).toEqual({ move: 'withhold', publish: [] });
  });

  it('ignores a public height it already knows', () => {
    const sm = new SelfishMiner(5);
    sm.onOwnBlock(b(6));
    expect(sm.onPublicBlock(5)).toEqual({ move: 'withhold', publish: [] });
    expect(sm.lead).toBe(1);
  });
});

describe("Eyal–Sirer's closed form", () => {
  it('pays exactly the hash share at the threshold, more above it and less below it', () => {
    for (const gamma of [0, 0.5]) {
      const t = selfishThreshold(gamma);
      expect(selfishRevenue(t, gamma)).toBeCloseTo(t, 12);
      expect(selfishRevenue(t + 0.05, gamma)).toBeGreaterThan(t + 0.05);
      expect(selfishRevenue(t - 0.05, gamma)).toBeLessThan(t - 0.05);
    }
    expect(selfishThreshold(0)).toBeCloseTo(1 / 3, 12);
    expect(selfishThreshold(0.5)).toBeCloseTo(1 / 4, 12);
  });
});
