// Scenario 5 at full strength, on real lab nodes over the in-memory transport: more throwaway
// identities than the victim has inbound slots, so its eviction (node/p2p/eviction.ts) must choose
// whom to let go, and a restart in the middle of the attack, so its anchors (node/p2p/routes.ts)
// must bring it back to honest peers first. The browser e2e (lab-eclipse.e2e.ts) cannot show
// either: its honest peers come by rendezvous id, which is never an anchor, and 12 identities never
// fill 24 slots.
import { describe, expect, it } from 'vitest';
import { EclipseAttempt, MAX_ECLIPSE_IDENTITIES } from '../../../src/lab/eclipse-attempt';
import { EclipseWatch } from '../../../src/lab/eclipse-watch';
import { MAX_INBOUND } from '../../../src/node/p2p/pool';
import { MAX_ANCHORS } from '../../../src/node/p2p/routes';
import { readyPeers, startLabClass } from './lab-class';
import { LAB_FIXTURE } from '../../support/lab-fixture';

const LAB = LAB_FIXTURE;
const IDS = ['attacker', 'victim', 'ben', 'cara', 'dan'];

describe('eclipse attempt against the defences (scenario 5)', () => {
  it('eviction lets only attacker identities go when they outnumber the inbound slots, and the saved anchors are honest', async () => {
    const saved = new Map<string, string[]>();
    const anchorsOf = (id: string) => ({ anchors: { load: async () => saved.get(id) ?? [], save: (ids: string[]) => void saved.set(id, ids) } });
    const { q, net, members, random, restart } = await startLabClass(LAB, IDS, async () => {}, anchorsOf);
    const node = (id: string) => members[IDS.indexOf(id)]!.node;
    const honestKeys = IDS.filter((id) => id !== 'victim').map((id) => node(id).nodeKeyHex);
    const watch = new EclipseWatch(LAB, node('victim'), async () => saved.get('victim') ?? []);
    const target = readyPeers(node('attacker')).find((p) => p.nodeKey === node('victim').nodeKeyHex)!;
    let n = 0;
    const attempt = new EclipseAttempt(LAB, { node: node('attacker'), openTransport: async () => members[0]!.conditions.wrap(net.createTransport(`eve${n++}`)), timers: q, random });
    const run = await attempt.start(target, MAX_ECLIPSE_IDENTITIES);
    await q.runUntil(q.now() + 90_000);

    const figures = await watch.figures();
    expect(run.identities.length).toBeGreaterThan(MAX_INBOUND);
    expect(run.identities.filter((i) => i.inbound).length).toBeLessThan(MAX_INBOUND);
    // The slots ran out, and every link the victim let go was an attacker's.
    expect(figures.evicted.attacker + figures.evicted.unidentified).toBeGreaterThan(0);
    expect(figures.evicted.honest).toBe(0);
    expect(figures.inbound.attacker + figures.inbound.honest).toBeLessThanOrEqual(MAX_INBOUND);
    // Every honest node is still the victim's peer.
    expect(readyPeers(node('victim')).map((p) => p.nodeKey)).toEqual(expect.arrayContaining(honestKeys));
    // Anchors rank the outbound peers by the last block they brought, then by how long they were
    // connected: the attacker's identities bring no blocks and came later, so the first anchor is
    // the honest outbound peer. (With one honest outbound peer in this small class, the second
    // anchor can be an identity the victim dialled from its flooded table: anchors need no proof.)
    const anchors = saved.get('victim')!;
    expect(anchors.length).toBeGreaterThan(0);
    expect(anchors.length).toBeLessThanOrEqual(MAX_ANCHORS);
    expect(watch.isAttacker(anchors[0]!)).toBe(false);
    expect(IDS).toContain(anchors[0]);

    // A restart mid-attack: the victim dials its anchors first and is back with honest peers.
    const victim = await restart(IDS.indexOf('victim'));
    await q.runUntil(q.now() + 5_000);
    const outbound = readyPeers(victim).filter((p) => p.direction === 'outbound');
    expect(outbound.map((p) => p.id)).toContain(anchors[0]);
    expect(honestKeys).toContain(outbound.find((p) => p.id === anchors[0])!.nodeKey);
    await q.runUntil(q.now() + 30_000);
    expect(readyPeers(victim).filter((p) => p.direction === 'outbound' && honestKeys.includes(p.nodeKey)).length).toBeGreaterThan(0);

    attempt.stop();
    for (const m of members) m.node.stop();
  }, 120_000);
});
