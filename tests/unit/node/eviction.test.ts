import { describe, expect, it } from 'vitest';
import { MIN_OUTBOUND_AGE_MS, PROTECT_BY_BLOCKS, PROTECT_BY_LATENCY, selectInboundToEvict, selectOutboundToDrop, type PeerStanding } from '../../../src/node/p2p/eviction';
import { MAX_ANCHORS, planDials, ROUTE_SLOTS, type Route } from '../../../src/node/p2p/routes';

const peer = (name: string, o: Partial<PeerStanding<string>> = {}): PeerStanding<string> => ({ peer: name, connectedAt: 1_000, latencyMs: null, lastBlockAt: null, ...o });

describe('inbound eviction protects useful peers (Bitcoin SelectNodeToEvict)', () => {
  it('keeps the fastest, the latest block relayers and the longest connected; evicts a young stranger', () => {
    const fast = Array.from({ length: PROTECT_BY_LATENCY }, (_, i) => peer(`fast${i}`, { latencyMs: 5 + i, connectedAt: 90_000 + i }));
    const relayers = Array.from({ length: PROTECT_BY_BLOCKS }, (_, i) => peer(`relay${i}`, { latencyMs: 500, lastBlockAt: 50_000 + i, connectedAt: 90_100 + i }));
    const veterans = Array.from({ length: 8 }, (_, i) => peer(`veteran${i}`, { latencyMs: 400, connectedAt: i }));
    const strangers = Array.from({ length: 8 }, (_, i) => peer(`stranger${i}`, { latencyMs: 300, connectedAt: 80_000 + i }));
    const all = [...strangers, ...fast, ...relayers, ...veterans];
    expect(selectInboundToEvict(all)).toBe('stranger7');
    let left = all;
    const evicted: string[] = [];
    for (let i = 0; i < 8; i++) {
      const out = selectInboundToEvict(left)!;
      evicted.push(out);
      left = left.filter((p) => p.peer !== out);
    }
    expect(evicted.every((p) => p.startsWith('stranger'))).toBe(true);
  });

  it('refuses the newcomer when every inbound peer is protected', () => {
    expect(selectInboundToEvict([peer('a', { latencyMs: 1 }), peer('b', { lastBlockAt: 5 })])).toBeNull();
    expect(selectInboundToEvict([])).toBeNull();
  });
});

describe('outbound rotation keeps peers that bring blocks (Bitcoin EvictExtraOutboundPeers)', () => {
  it('drops the one that least recently brought a block, the younger on a tie, once it had its chance', () => {
    const now = 1_000_000;
    const peers = [peer('relayer', { lastBlockAt: now - 5_000, connectedAt: 0 }), peer('silent-old', { connectedAt: 10 }), peer('silent-young', { connectedAt: now - MIN_OUTBOUND_AGE_MS - 1 })];
    expect(selectOutboundToDrop(peers, now)).toBe('silent-young');
    expect(selectOutboundToDrop([...peers, peer('brand-new', { connectedAt: now - 1 })], now)).toBeNull();
    expect(selectOutboundToDrop([peer('a', { lastBlockAt: 5 }), peer('b', { lastBlockAt: 9 })], now)).toBe('a');
  });
});

describe('eviction at its edges', () => {
  it('protects the inbound peers that brought the most recent blocks, not the first listed', () => {
    // Six relayers, oldest block first; the four latest are kept, the older of the other two too.
    const relayers = [1, 2, 3, 4, 5, 6].map((i) => peer(`r${i}`, { lastBlockAt: i, connectedAt: 10 * i }));
    expect(selectInboundToEvict(relayers)).toBe('r2');
  });

  it('drops the outbound peer whose last block is oldest, a silent one first, the younger on a tie', () => {
    const now = 1_000_000;
    const old = { connectedAt: 1_000 };
    const young = { connectedAt: 2_000 };
    expect(selectOutboundToDrop([], now)).toBeNull();
    expect(selectOutboundToDrop([peer('old', { ...old, lastBlockAt: 5 }), peer('young', { ...young, lastBlockAt: 9 })], now)).toBe('old');
    expect(selectOutboundToDrop([peer('young', { ...young, lastBlockAt: 9 }), peer('old', { ...old, lastBlockAt: 5 })], now)).toBe('old');
    expect(selectOutboundToDrop([peer('silent', old), peer('relayer', { ...young, lastBlockAt: 5 })], now)).toBe('silent');
    expect(selectOutboundToDrop([peer('young', young), peer('old', old)], now)).toBe('young');
  });

  it('lets an outbound peer go from exactly MIN_OUTBOUND_AGE_MS on', () => {
    const only = (age: number) => selectOutboundToDrop([peer('p', { connectedAt: 1_000_000 - age })], 1_000_000);
    expect(only(MIN_OUTBOUND_AGE_MS - 1)).toBeNull();
    expect(only(MIN_OUTBOUND_AGE_MS)).toBe('p');
  });
});

describe('outbound slots per route', () => {
  const none: Record<Route, number> = { anchor: 0, rendezvous: 0, signaling: 0, addr: 0 };
  const from = (ids: string[]) => (usable: (id: string) => boolean) => ids.find(usable) ?? null;

  it('gives a flooded route only its share while other routes have candidates', () => {
    const flood = Array.from({ length: 500 }, (_, i) => `sybil${i}`);
    const anchors = ['anchor1', 'anchor2', 'anchor3'];
    const plan = planDials(8, none, () => true, { anchor: () => anchors.shift() ?? null, rendezvous: from(['rv0', 'rv1', 'rv2']), signaling: from(flood), addr: from(['known1', 'known2', 'known3']) });
    const byRoute = (r: Route) => plan.filter(([, route]) => route === r).length;
    expect(plan).toHaveLength(8);
    expect(byRoute('anchor')).toBe(MAX_ANCHORS);
    expect(byRoute('signaling')).toBe(ROUTE_SLOTS.signaling);
    expect(byRoute('rendezvous') + byRoute('addr')).toBe(4);
    expect(new Set(plan.map(([id]) => id)).size).toBe(8);
  });

  it('lets other routes fill what one cannot, and counts the slots a route already holds', () => {
    const plan = planDials(8, { ...none, signaling: 2 }, (id) => id !== 'known1', { anchor: () => null, rendezvous: () => null, signaling: from(['s1', 's2', 's3']), addr: from(['known1', 'known2', 'known3']) });
    expect(plan).toEqual([
      ['known2', 'addr'],
      ['known3', 'addr'],
      ['s1', 'signaling'],
      ['s2', 'signaling'],
      ['s3', 'signaling'],
    ]);
  });
});
