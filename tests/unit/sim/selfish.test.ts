// The selfish-mining sweep of `npm run sim:selfish`, shortened: SM1 over real regtest chains.
// Tolerances are about 3.5 standard deviations of the share over ten seeds at this length
// (σ ≈ 0.007 at α = 0.25 and 0.018 at α = 0.4 for 4,000 blocks).
import { describe, expect, it } from 'vitest';
import { simulateSelfish } from '../../../sim/selfish';
import { selfishRevenue } from '../../../src/lab/selfish-miner';

describe('selfish mining (simulated on real chains)', () => {
  it('earns less than its hash share below a third (γ = 0), as Eyal–Sirer predict', async () => {
    const r = await simulateSelfish({ seed: 7, alpha: 0.25, gamma: 0, blocks: 4_000 });
    expect(r.races).toBeGreaterThan(100);
    expect(r.reorgs).toBeGreaterThan(100);
    expect(Math.abs(r.share - selfishRevenue(0.25, 0))).toBeLessThan(0.025);
    expect(r.share).toBeLessThan(0.25);
  }, 60_000);

  it('earns more than its hash share above a third (γ = 0), as Eyal–Sirer predict', async () => {
    const r = await simulateSelfish({ seed: 7, alpha: 0.4, gamma: 0, blocks: 4_000 });
    expect(Math.abs(r.share - selfishRevenue(0.4, 0))).toBeLessThan(0.065);
    expect(r.share).toBeGreaterThan(0.4);
    expect(r.staleRate).toBeGreaterThan(0.2);
  }, 60_000);

  it('wins ties with the share γ of honest miners who saw its block first', async () => {
    const r = await simulateSelfish({ seed: 7, alpha: 0.3, gamma: 0.5, blocks: 4_000 });
    expect(Math.abs(r.share - selfishRevenue(0.3, 0.5))).toBeLessThan(0.05);
  }, 60_000);
});
