import { describe, expect, it } from 'vitest';
import { simulateEclipse, type EclipseScenario } from '../../../sim/eclipse';

// The eclipse scenario of `npm run sim`, shortened: 8 honest peers, 50 attacker keys flooding
// addr, filling inbound slots, claiming honest ids and misbehaving, and a restart halfway.
const short: EclipseScenario = { name: 'eclipse-short', seed: 11, honest: 8, attackerKeys: 50, durationS: 300, intervalS: 30, restartAtS: 150, defences: true };

describe('eclipse attack (simulated)', () => {
  it('keeps an honest outbound peer at every moment and follows the honest tip within one block interval', async () => {
    const r = await simulateEclipse(short);
    expect(r.attackerLinksOpened).toBeGreaterThan(100);
    expect(r.eclipsedS).toBe(0);
    expect(r.minHonestOutbound).toBeGreaterThanOrEqual(1);
    expect(r.blocks).toBeGreaterThan(3);
    expect(r.victimBlockDelayMaxS).toBeLessThanOrEqual(short.intervalS);
  }, 180_000);
});
