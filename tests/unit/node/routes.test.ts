// Outbound slots per route (src/node/p2p/routes.ts): the reserved share of each route, who fills
// what a route leaves empty, the bounded skip over undialable anchors, the uniform draw behind
// `sample`, and the rendezvous ids PeerJS must accept.
import { describe, expect, it } from 'vitest';
import { FILL_ORDER, MAX_ANCHORS, peerJsIdPart, planDials, rendezvousId, ROUTE_SLOTS, sample, type Route, type RoutePicker } from '../../../src/node/p2p/routes';
import { TARGET_OUTBOUND } from '../../../src/node/p2p/pool';
import { toHex } from '../../../src/core/encoding/bytes';
import { REGTEST } from '../../../src/core/protocol/networks';

const none: Record<Route, number> = { anchor: 0, rendezvous: 0, signaling: 0, addr: 0 };
/** A route with these candidates, offered in order, honouring `usable` (as the pool's pickers do). */
const from =
  (ids: string[]): RoutePicker =>
  (usable) =>
    ids.find(usable) ?? null;
/** A route without end: `${name}1`, `${name}2`, … */
const endless =
  (name: string): RoutePicker =>
  (usable) => {
    for (let i = 1; ; i++) if (usable(`${name}${i}`)) return `${name}${i}`;
  };
/** A fixed list handed out once each, ignoring `usable` (the anchors). */
const list = (ids: string[]): RoutePicker => {
  const left = [...ids];
  return () => left.shift() ?? null;
};
const everyRoute = { anchor: endless('anchor'), rendezvous: endless('rv'), signaling: endless('sig'), addr: endless('addr') };

describe('route slots', () => {
  it('reserve two outbound slots for each of the four routes, eight in all, and fill from the addrman first', () => {
    expect(ROUTE_SLOTS).toEqual({ anchor: MAX_ANCHORS, rendezvous: 2, signaling: 2, addr: 2 });
    expect(MAX_ANCHORS).toBe(2);
    expect(Object.values(ROUTE_SLOTS).reduce((a, b) => a + b, 0)).toBe(TARGET_OUTBOUND);
    expect(FILL_ORDER).toEqual(['addr', 'rendezvous', 'signaling']);
  });
});

describe('planDials', () => {
  it('gives every route its reserved slots first, in route order', () => {
    expect(planDials(8, none, () => true, everyRoute)).toEqual([
      ['anchor1', 'anchor'],
      ['anchor2', 'anchor'],
      ['rv1', 'rendezvous'],
      ['rv2', 'rendezvous'],
      ['sig1', 'signaling'],
      ['sig2', 'signaling'],
      ['addr1', 'addr'],
      ['addr2', 'addr'],
    ]);
  });

  it('stops at the number wanted, even inside the reserved phase', () => {
    expect(planDials(3, none, () => true, everyRoute)).toEqual([
      ['anchor1', 'anchor'],
      ['anchor2', 'anchor'],
      ['rv1', 'rendezvous'],
    ]);
    expect(planDials(0, none, () => true, everyRoute)).toEqual([]);
  });

  it('fills what is left from the addrman, then rendezvous, then signaling; anchors fill nothing', () => {
    const pick = { anchor: endless('anchor'), rendezvous: from(['r1', 'r2', 'r3', 'r4']), signaling: from(['s1', 's2', 's3', 's4']), addr: from(['a1', 'a2', 'a3']) };
    const full = { ...none, anchor: 2 };
    expect(planDials(8, full, () => true, pick)).toEqual([
      ['r1', 'rendezvous'],
      ['r2', 'rendezvous'],
      ['s1', 'signaling'],
      ['s2', 'signaling'],
      ['a1', 'addr'],
      ['a2', 'addr'],
      ['a3', 'addr'],
      ['r3', 'rendezvous'],
    ]);
    expect(planDials(20, full, () => true, pick).map(([id]) => id)).toEqual(['r1', 'r2', 's1', 's2', 'a1', 'a2', 'a3', 'r3', 'r4', 's3', 's4']);
  });

  it('counts the peers and dials a route already has against its reservation', () => {
    const plan = planDials(4, { anchor: 1, rendezvous: 2, signaling: 1, addr: 3 }, () => true, everyRoute);
    expect(plan).toEqual([
      ['anchor1', 'anchor'],
      ['sig1', 'signaling'],
      ['addr1', 'addr'],
      ['addr2', 'addr'],
    ]);
  });

  it('plans an id once, though two routes offer it', () => {
    const pick = { anchor: list(['x', 'x', 'y']), rendezvous: from(['x', 'y', 'r']), signaling: from(['y', 's']), addr: () => null };
    expect(planDials(8, none, () => true, pick)).toEqual([
      ['x', 'anchor'],
      ['y', 'anchor'],
      ['r', 'rendezvous'],
      ['s', 'signaling'],
    ]);
  });

  it('skips at most 16 undialable anchors in a row', () => {
    const bad = (n: number) => Array.from({ length: n }, (_, i) => `down${i}`);
    const dialable = (id: string) => !id.startsWith('down');
    const anchorsOnly = (anchors: string[]) => ({ anchor: list(anchors), rendezvous: () => null, signaling: () => null, addr: () => null });
    expect(planDials(8, none, dialable, anchorsOnly([...bad(16), 'up']))).toEqual([['up', 'anchor']]);
    expect(planDials(8, none, dialable, anchorsOnly([...bad(17), 'up']))).toEqual([]);
  });
});

describe('sample', () => {
  const items = Array.from({ length: 251 }, (_, i) => `i${i}`);
  const draws = (...bytes: number[]) => {
    const asked: number[] = [];
    const random = (n: number) => {
      asked.push(n);
      return Uint8Array.from({ length: n }, (_, i) => bytes[i] ?? 0);
    };
    return { random, asked };
  };

  it('reads each draw as a big-endian unsigned 32-bit number, modulo the items left', () => {
    // 7, 256 % 251 = 5, 65536 % 251 = 25, 2^24 % 251 = 125, 2^31 % 251 = 187 (unsigned), (2^32 - 1) % 251 = 122.
    const cases: [number[], string][] = [
      [[0, 0, 0, 7], 'i7'],
      [[0, 0, 1, 0], 'i5'],
      [[0, 1, 0, 0], 'i25'],
      [[1, 0, 0, 0], 'i125'],
      [[0x80, 0, 0, 0], 'i187'],
      [[0xff, 0xff, 0xff, 0xff], 'i122'],
    ];
    for (const [bytes, want] of cases) expect(sample(draws(...bytes).random, items, 1), String(bytes)).toEqual([want]);
  });

  it('draws four bytes per pick, each pick from the items not yet taken', () => {
    const { random, asked } = draws(0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 0);
    // Pick 0 swaps i7 to the front; pick 1 takes 1 + 3 % 250 = 4; pick 2 keeps position 2.
    expect(sample(random, items, 3)).toEqual(['i7', 'i4', 'i2']);
    expect(asked).toEqual([12]);
    expect(sample(draws(0, 0, 0, 0, 0, 0, 0, 249).random, items, 2)).toEqual(['i0', 'i250']);
    // The second pick is modulo the 250 items left: 251 % 250 = 1, so position 2.
    expect(sample(draws(0, 0, 0, 0, 0, 0, 0, 251).random, items, 2)).toEqual(['i0', 'i2']);
  });

  it('gives all items when asked for more, and leaves its input alone', () => {
    const three = ['a', 'b', 'c'];
    const { random, asked } = draws(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0);
    expect(sample(random, three, 10)).toEqual(['b', 'c', 'a']);
    expect(asked).toEqual([12]);
    expect(three).toEqual(['a', 'b', 'c']);
    expect(sample(draws().random, three, 2)).toHaveLength(2);
  });
});

describe('rendezvous ids', () => {
  it('are simplecoin-<network>-<first 8 hex digits of the genesis hash>-rv<k>', () => {
    expect(rendezvousId(REGTEST, 3)).toBe(`simplecoin-regtest-${toHex(REGTEST.genesisHash).slice(0, 8)}-rv3`);
  });

  it('keep letters, digits, - and _; anything else becomes _, a run of separators its first, none at the ends', () => {
    expect(peerJsIdPart('Bio-2_x')).toBe('Bio-2_x');
    expect(peerJsIdPart('bio.2')).toBe('bio_2');
    expect(peerJsIdPart('a b!c')).toBe('a_b_c');
    expect(peerJsIdPart('a..b')).toBe('a_b');
    expect(peerJsIdPart('a-_-b')).toBe('a-b');
    expect(peerJsIdPart('a_--b')).toBe('a_b');
    expect(peerJsIdPart('--a.b.-')).toBe('a_b');
    expect(peerJsIdPart('_a_')).toBe('a');
    expect(peerJsIdPart('.')).toBe('');
  });
});
