// BlockSync's fetching of announced blocks (src/node/p2p/sync.ts) against a fake chain on a
// manual clock: whom it asks, when it asks again and of whom, and what it never asks for.
import { describe, expect, it } from 'vitest';
import { BlockSync, BLOCK_TIMEOUT_MS, MAX_ANNOUNCED_PER_PEER, MAX_IN_FLIGHT_PER_PEER } from '../../../src/node/p2p/sync';
import { toHex } from '../../../src/core/encoding/bytes';
import type { Message } from '../../../src/core/p2p/messages';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ManualClock } from './peer-rig';

function fakePeer(id: string, direction: 'inbound' | 'outbound' = 'outbound') {
  const sent: Message[] = [];
  const raw = { id, direction, state: 'ready', bestHeight: 0, bestWork: 0n, sent, send: (m: Message) => sent.push(m), misbehave: () => undefined, misbehaveRule: () => undefined };
  return raw;
}
type Fake = ReturnType<typeof fakePeer>;
const asPeer = (p: Fake) => p as unknown as PeerSession;

const hash = (i: number) => new Uint8Array(32).fill(i);
const hex = (i: number) => toHex(hash(i));
/** The blocks each peer was asked for, by number. */
const asked = (p: Fake) => p.sent.flatMap((m) => (m.type === 'getdata' ? m.items.map((i) => i.hash[0]) : []));

function rig(...peers: Fake[]) {
  const clock = new ManualClock();
  const tip = { hashHex: 'tip', height: 5, work: 10n, hasData: true, invalid: false };
  const index = new Map<string, { hasData?: boolean; invalid?: boolean; work?: bigint }>();
  const orphans = new Set<string>();
  const chain = {
    tip,
    bestHeader: tip,
    height: 5,
    index,
    orphans,
    locator: () => [],
    isActive: () => true,
    isAccepting: () => false,
  };
  const sync = new BlockSync(chain as never, clock, () => peers.map(asPeer), () => undefined);
  return { clock, sync, index, orphans, chain };
}

describe('block sync: announced blocks', () => {
  it('asks the first announcer, and nobody else while that request stands', () => {
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    const { sync } = rig(a, b);
    sync.fetchAnnounced(asPeer(a), hash(1));
    sync.fetchAnnounced(asPeer(b), hash(1));
    expect([asked(a), asked(b)]).toEqual([[1], []]);
    expect(sync.isRequestedFrom(hex(1), asPeer(a))).toBe(true);
    expect(sync.isRequested(hex(1))).toBe(true);
  });

  it('never asks for a block it has, knows invalid, holds as an orphan, or whose header has no more work than the tip', () => {
    const a = fakePeer('a');
    const { sync, index, orphans } = rig(a);
    index.set(hex(1), { hasData: true });
    index.set(hex(2), { invalid: true });
    orphans.add(hex(3));
    index.set(hex(4), { work: 10n });
    index.set(hex(5), { work: 11n });
    for (let i = 1; i <= 5; i++) sync.fetchAnnounced(asPeer(a), hash(i));
    expect(asked(a)).toEqual([5]);
  });

  it('asks nothing once downloads are paused', () => {
    const a = fakePeer('a');
    const { sync } = rig(a);
    sync.pauseDownloads();
    sync.fetchAnnounced(asPeer(a), hash(1));
    expect(asked(a)).toEqual([]);
  });

  it('asks the next announcer after a notfound, and only the asked peer settles a request', () => {
    const [a, b, c] = [fakePeer('a'), fakePeer('b'), fakePeer('c')];
    const { sync } = rig(a, b, c);
    sync.fetchAnnounced(asPeer(a), hash(1));
    sync.fetchAnnounced(asPeer(b), hash(1));
    sync.received(hex(1), asPeer(c));
    sync.notFound(asPeer(c), [hash(1)]);
    expect(sync.isRequestedFrom(hex(1), asPeer(a))).toBe(true);
    sync.notFound(asPeer(a), [hash(1)]);
    expect(asked(b)).toEqual([1]);
    sync.received(hex(1), asPeer(b));
    expect(sync.isRequested(hex(1))).toBe(false);
  });

  it('prefers an outbound announcer to an inbound one that announced first', () => {
    const [stranger, chosen] = [fakePeer('stranger', 'inbound'), fakePeer('chosen')];
    const { sync } = rig(stranger, chosen);
    (sync as unknown as { paused: boolean }).paused = true;
    sync.fetchAnnounced(asPeer(stranger), hash(1));
    sync.fetchAnnounced(asPeer(chosen), hash(1));
    (sync as unknown as { paused: boolean }).paused = false;
    sync.schedule();
    expect([asked(stranger), asked(chosen)]).toEqual([[], [1]]);
  });

  it('asks another announcer once a request is more than BLOCK_TIMEOUT_MS old, and the slow one after others', () => {
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    const { sync, clock } = rig(a, b);
    sync.fetchAnnounced(asPeer(a), hash(1));
    sync.fetchAnnounced(asPeer(b), hash(1));
    clock.advance(BLOCK_TIMEOUT_MS);
    sync.tick();
    expect(asked(b)).toEqual([]);
    clock.advance(1);
    sync.tick();
    expect(asked(b)).toEqual([1]);
    // b stalls too: a, which stalled on it first, is asked again only now that no one else is fresh.
    clock.advance(BLOCK_TIMEOUT_MS + 1);
    sync.tick();
    expect(asked(a)).toEqual([1, 1]);
  });

  it('drops a request when its block arrived by another way, and moves a gone peer\'s requests on', () => {
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    const { sync, index } = rig(a, b);
    sync.fetchAnnounced(asPeer(a), hash(1));
    sync.fetchAnnounced(asPeer(b), hash(1));
    sync.fetchAnnounced(asPeer(a), hash(2));
    index.set(hex(2), { hasData: true });
    sync.tick();
    expect(sync.isRequested(hex(2))).toBe(false);
    a.state = 'closed';
    sync.peerGone(asPeer(a));
    expect(asked(b)).toEqual([1]);
  });

  it(`asks a peer for ${MAX_IN_FLIGHT_PER_PEER} blocks at a time, and remembers at most ${MAX_ANNOUNCED_PER_PEER} of its announcements`, () => {
    const a = fakePeer('a');
    const { sync } = rig(a);
    const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    (sync as unknown as { paused: boolean }).paused = true;
    for (const i of numbers(1, MAX_ANNOUNCED_PER_PEER + 1)) sync.fetchAnnounced(asPeer(a), hash(i));
    (sync as unknown as { paused: boolean }).paused = false;
    sync.schedule();
    expect(asked(a)).toEqual(numbers(1, MAX_IN_FLIGHT_PER_PEER));
    for (const i of numbers(1, MAX_IN_FLIGHT_PER_PEER)) sync.received(hex(i), asPeer(a));
    sync.schedule();
    for (const i of numbers(MAX_IN_FLIGHT_PER_PEER + 1, MAX_ANNOUNCED_PER_PEER)) sync.received(hex(i), asPeer(a));
    sync.schedule();
    expect(asked(a)).toEqual(numbers(1, MAX_ANNOUNCED_PER_PEER));
  });

  it('counts a claimed block as requested from its claimer until that peer releases it', () => {
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    const { sync } = rig(a, b);
    sync.claim(hex(1), asPeer(a));
    sync.release(hex(1), asPeer(b));
    expect(sync.isRequestedFrom(hex(1), asPeer(a))).toBe(true);
    sync.release(hex(1), asPeer(a));
    expect(sync.isRequested(hex(1))).toBe(false);
  });
});

describe('block sync: progress and first contact', () => {
  it('asks a new peer for headers only if it claims more work than our tip', () => {
    const [same, more] = [fakePeer('same'), fakePeer('more')];
    same.bestWork = 10n;
    more.bestWork = 11n;
    const { sync } = rig(same, more);
    sync.onReady(asPeer(same));
    sync.onReady(asPeer(more));
    expect([same.sent.length, more.sent.map((m) => m.type)]).toEqual([0, ['getheaders']]);
  });

  it('reports the highest height a peer claims, 0 with no peers', () => {
    const [a, b] = [fakePeer('a'), fakePeer('b')];
    a.bestHeight = 7;
    b.bestHeight = 3;
    expect(rig(a, b).sync.progress()).toEqual({ height: 5, bestHeaderHeight: 5, inFlight: 0, syncing: false, peerHeight: 7 });
    expect(rig().sync.progress().peerHeight).toBe(0);
  });
});
