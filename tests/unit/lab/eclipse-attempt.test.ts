// Scenario 5, the eclipse attempt, on three real lab nodes over the in-memory transport: the
// attacker's throwaway identities take the victim's inbound slots and flood its table; the
// victim's watch counts them from its own pool; its honest peers stay. And the simulator's
// counterfactual the lab view shows is the one sim/results.json holds.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { MAIN } from '../../../src/core/protocol/networks';
import { EclipseAttempt, MAX_ECLIPSE_IDENTITIES } from '../../../src/lab/eclipse-attempt';
import { EclipseWatch, MAX_PER_SOURCE_GROUP } from '../../../src/lab/eclipse-watch';
import counterfactual from '../../../src/lab/eclipse-counterfactual.json';
import { readyPeers, startLabClass } from './lab-class';
import { LAB_FIXTURE } from '../../support/lab-fixture';

const LAB = LAB_FIXTURE;

describe('eclipse attempt (scenario 5)', () => {
  it('its identities hold the victim inbound slots and fill its table; the victim keeps its honest peers and sees the attacker', async () => {
    const { q, net, members, random } = await startLabClass(LAB, ['attacker', 'victim', 'ben']);
    const [attacker, victim, ben] = members.map((m) => m.node);
    const watch = new EclipseWatch(LAB, victim!, async () => []);
    const target = readyPeers(attacker!).find((p) => p.nodeKey === victim!.nodeKeyHex)!;
    expect(target).toBeDefined();
    let n = 0;
    const deps = { node: attacker!, openTransport: async () => members[0]!.conditions.wrap(net.createTransport(`eve${n++}`)), timers: q, random };
    expect(() => new EclipseAttempt(MAIN, deps)).toThrow(/lab network/);
    const attempt = new EclipseAttempt(LAB, deps);
    await expect(attempt.start(target, MAX_ECLIPSE_IDENTITIES + 1)).rejects.toThrow(RangeError);
    const run = await attempt.start(target, 10);
    await q.runUntil(q.now() + 60_000);

    expect(run.identities).toHaveLength(10);
    expect(run.identities.filter((i) => i.inbound).length).toBe(10);
    expect(run.identities.every((i) => i.addrIdsSent >= 10)).toBe(true);
    const figures = await watch.figures();
    expect(figures.attackerIds).toBe(10);
    expect(figures.inbound.attacker).toBe(10);
    expect(figures.known.attacker).toBeGreaterThan(0);
    expect(figures.known.attacker).toBeLessThanOrEqual(MAX_PER_SOURCE_GROUP * figures.known.attackerSourceGroups);
    // The victim still has both honest nodes, and counts them as honest.
    const keys = readyPeers(victim!).map((p) => p.nodeKey);
    expect(keys).toEqual(expect.arrayContaining([attacker!.nodeKeyHex, ben!.nodeKeyHex]));
    expect(figures.outbound.honest + figures.inbound.honest).toBe(2);
    expect(watch.isAttacker(run.identities[0]!.transportId)).toBe(true);

    attempt.stop();
    await q.runUntil(q.now() + 10_000);
    expect(run.running).toBe(false);
    expect(readyPeers(victim!).map((p) => p.nodeKey).sort()).toEqual([attacker!.nodeKeyHex, ben!.nodeKeyHex].sort());
    for (const m of members) m.node.stop();
  }, 60_000);

  it('the lab view shows the counterfactual sim/results.json holds', () => {
    const results = JSON.parse(fs.readFileSync('sim/results.json', 'utf8')) as { eclipseSweep: { seed: number; durationS: number; points: Array<Record<string, unknown>> } };
    expect(counterfactual.seed).toBe(results.eclipseSweep.seed);
    expect(counterfactual.durationS).toBe(results.eclipseSweep.durationS);
    expect(counterfactual.points).toEqual(results.eclipseSweep.points.map(({ wallSeconds: _, ...p }) => p));
    // Without the defences some victims were eclipsed; with them none.
    expect(counterfactual.points.filter((p) => p.defences).every((p) => p.eclipsedVictims === 0)).toBe(true);
    expect(counterfactual.points.some((p) => !p.defences && p.eclipsedVictims > 0)).toBe(true);
  });
});
