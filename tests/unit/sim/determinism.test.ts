import { describe, expect, it } from 'vitest';
import { simulate, type Scenario } from '../../../sim/world';

const small: Scenario = { name: 't', nodes: 12, seed: 5, blocks: 4, intervalS: 30, latencyMedianMs: 80, latencySigma: 0.5, bandwidthBps: 10e6, loss: 0.02, blockBytes: 2_000, validateMs: 2, partition: { afterBlock: 1, durationS: 120 } };

describe('network simulator', () => {
  it('gives the same numbers for the same seed, and heals a partition', async () => {
    const a = await simulate(small);
    const b = await simulate(small);
    const strip = (r: typeof a) => ({ ...r, wallSeconds: 0 });
    expect(strip(a)).toEqual(strip(b));
    expect(a.convergeAfterHealS).not.toBeNull();
    expect(a.convergeAfterHealS!).toBeLessThan(120);
    expect(a.arrivalP50s).toBeGreaterThan(0);
    const c = await simulate({ ...small, seed: 6 });
    expect(strip(c)).not.toEqual(strip(a));
  }, 300_000);
});
