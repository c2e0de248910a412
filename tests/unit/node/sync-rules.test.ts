// BlockSync's rules (src/node/p2p/sync.ts) on a real chain, from fake peers. Headers: what a
// message indexes, what it costs the sender, what a getheaders is answered with; nothing is indexed
// unless it leads to more work than our tip, and a peer that sends what does not connect, or
// low-work headers past the budget, pays for exactly that. Download: whom each missing block is
// asked of, how many at once, and what happens when a peer goes or lets a request time out.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { toHex } from '../../../src/core/encoding/bytes';
import { headerHash, type BlockHeader } from '../../../src/core/primitives/header';
import type { Chain } from '../../../src/core/chain/chain';
import { BlockSync, BLOCK_TIMEOUT_MS, LOW_WORK_HEADER_BUDGET, MAX_IN_FLIGHT_PER_PEER, MAX_UNCONNECTING_HEADERS } from '../../../src/node/p2p/sync';
import { BOB, mineMany, newChain } from '../core/helpers';
import { MAX_HEADERS, type Message } from '../../../src/core/p2p/messages';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ManualClock } from './peer-rig';
import { headerChain } from './scripted-peer';
import { fakeSession } from './fake-session';

function fakePeer(id: string, bestHeight = 0, bestWork = 0n, direction: 'inbound' | 'outbound' = 'outbound') {
  const f = fakeSession(id);
  Object.assign(f.raw, { bestHeight, bestWork, direction });
  return f;
}

/** The headers of a chain's active blocks 1..height. */
const headersOf = (chain: Chain): BlockHeader[] => chain.activeFrom(1).map((e) => e!.header);

async function rig(ownBlocks: number, peers: PeerSession[] = []) {
  const { chain } = await newChain();
  await mineMany(chain, ownBlocks);
  const rejected: string[] = [];
  const clock = new ManualClock();
  const sync = new BlockSync(chain, clock, () => peers, () => undefined, (id, e) => rejected.push(`${id}:${e.code}`));
  return { chain, sync, rejected, clock };
}

/** The heights of the blocks a peer was asked for, in the order asked, from their hashes. */
const askedHeights = (sent: Message[], heightOf: Map<string, number>) =>
  sent.flatMap((m) => (m.type === 'getdata' ? m.items.map((i) => heightOf.get(toHex(i.hash))) : []));

/** Another history from genesis: `n` blocks paying BOB (so no hash is ours). */
async function otherHeaders(n: number): Promise<BlockHeader[]> {
  const { chain } = await newChain();
  await mineMany(chain, n, { to: BOB });
  return headersOf(chain);
}

describe('block sync: headers', () => {
  it('indexes headers that lead to more work, and raises what the sender proved it has (never lowers it)', async () => {
    const { chain, sync } = await rig(1);
    const theirs = await otherHeaders(3);
    const low = fakePeer('low');
    const claimed = fakePeer('claimed', 50, 10n ** 9n);
    await sync.onHeaders(low.peer, theirs.slice(0, 2));
    expect(sync.bestHeader.height).toBe(2);
    expect(chain.index.get(toHex(headerHash(theirs[1]!)))).toBeDefined();
    expect([low.raw.bestHeight, low.raw.bestWork]).toEqual([2, sync.bestHeader.work]);
    await sync.onHeaders(claimed.peer, theirs);
    expect(sync.bestHeader.height).toBe(3);
    expect([claimed.raw.bestHeight, claimed.raw.bestWork]).toEqual([50, 10n ** 9n]);
    // Known headers again: indexed already, nothing new, no cost.
    await sync.onHeaders(low.peer, theirs.slice(0, 2));
    expect([low.raw.bestHeight, sync.bestHeader.height]).toEqual([2, 3]);
    expect([...low.penalties, ...claimed.penalties]).toEqual([]);
  });

  it('drops headers with no more work than our tip (equal work included), counting them against a budget of LOW_WORK_HEADER_BUDGET', async () => {
    const { chain, sync } = await rig(2);
    const theirs = await otherHeaders(2);
    const p = fakePeer('p');
    await sync.onHeaders(p.peer, theirs);
    // Equal work: a tie keeps our tip, and nothing is indexed.
    expect(chain.index.get(toHex(headerHash(theirs[1]!)))).toBeUndefined();
    expect(chain.index.get(toHex(headerHash(theirs[0]!)))).toBeUndefined();
    // 2 counted; one header at a time up to the budget costs nothing…
    for (let i = 2; i < LOW_WORK_HEADER_BUDGET; i++) await sync.onHeaders(p.peer, theirs.slice(0, 1));
    expect(p.penalties).toEqual([]);
    // …and the one past it does.
    await sync.onHeaders(p.peer, theirs.slice(0, 1));
    expect(p.penalties).toEqual(['flood-low-work-headers']);
    expect(sync.bestHeader.height).toBe(2);
  });

  it('answers headers that do not connect with a getheaders, and costs the sender every MAX_UNCONNECTING_HEADERS-th time', async () => {
    const { sync } = await rig(1);
    const theirs = await otherHeaders(3);
    const p = fakePeer('p');
    for (let i = 1; i < MAX_UNCONNECTING_HEADERS; i++) await sync.onHeaders(p.peer, theirs.slice(2));
    expect(p.penalties).toEqual([]);
    expect(p.sent.map((m) => m.type)).toEqual(Array(MAX_UNCONNECTING_HEADERS - 1).fill('getheaders'));
    await sync.onHeaders(p.peer, theirs.slice(2));
    expect(p.penalties).toEqual(['headers-unconnecting']);
    // A message that connects resets the count.
    await sync.onHeaders(p.peer, theirs.slice(0, 1));
    for (let i = 1; i < MAX_UNCONNECTING_HEADERS; i++) await sync.onHeaders(p.peer, theirs.slice(2));
    expect(p.penalties).toEqual(['headers-unconnecting']);
    await sync.onHeaders(p.peer, theirs.slice(2));
    expect(p.penalties).toEqual(['headers-unconnecting', 'headers-unconnecting']);
  });

  it('costs the sender headers that do not chain, and headers that break a rule (reported with the header and its rule); an empty message costs nothing', async () => {
    const { sync, rejected } = await rig(1);
    const theirs = await otherHeaders(3);
    const p = fakePeer('p');
    await sync.onHeaders(p.peer, []);
    expect([p.penalties, p.sent]).toEqual([[], []]);
    await sync.onHeaders(p.peer, [theirs[0]!, theirs[2]!]);
    expect(p.penalties).toEqual(['headers-not-continuous']);
    const bad = { ...theirs[0]!, bits: REGTEST.genesis.header.bits + 1 };
    await sync.onHeaders(p.peer, [bad]);
    expect(p.penalties).toHaveLength(2);
    expect(p.penalties[1]).toMatch(/^invalid-header:/);
    expect(rejected).toEqual([`${toHex(headerHash(bad))}:${p.penalties[1]!.split(':')[1]}`]);
  });

  it('asks for more after a full message that led to more work, from its last header, unless the peer has gone', async () => {
    const { sync } = await rig(0);
    const genesis = { hash: REGTEST.genesisHash, time: REGTEST.genesis.header.time };
    const first = headerChain(genesis, MAX_HEADERS, 'full');
    const p = fakePeer('p');
    await sync.onHeaders(p.peer, first);
    expect(sync.bestHeader.height).toBe(MAX_HEADERS);
    const ask = p.sent.at(-1);
    expect(ask?.type === 'getheaders' && toHex(ask.locator[0]!)).toBe(toHex(headerHash(first.at(-1)!)));
    const last = first.at(-1)!;
    const more = headerChain({ hash: headerHash(last), time: last.time }, MAX_HEADERS, 'more');
    const gone = fakePeer('gone');
    gone.raw.state = 'closed';
    await sync.onHeaders(gone.peer, more);
    expect(sync.bestHeader.height).toBe(2 * MAX_HEADERS);
    expect(gone.sent).toEqual([]);
  });

  it('indexes the headers before one that breaks a contextual rule, and costs the sender that one', async () => {
    const { sync, rejected } = await rig(0);
    const genesis = { hash: REGTEST.genesisHash, time: REGTEST.genesis.header.time };
    const good = headerChain(genesis, 2, 'ctx');
    // Older than the median time past of the blocks before it: only the chain's context says so.
    const bad = headerChain({ hash: headerHash(good[1]!), time: REGTEST.genesis.header.time - 30 }, 1, 'old')[0]!;
    const p = fakePeer('p');
    await sync.onHeaders(p.peer, [...good, bad]);
    expect(sync.bestHeader.height).toBe(2);
    expect(p.penalties).toHaveLength(1);
    expect(p.penalties[0]).toMatch(/^invalid-header:/);
    expect(rejected).toEqual([`${toHex(headerHash(bad))}:${p.penalties[0]!.split(':')[1]}`]);
  });

  it('answers a getheaders from the fork point, up to and including the stop hash, or to the tip', async () => {
    const { chain, sync } = await rig(5);
    const ours = headersOf(chain);
    const locator = [REGTEST.genesisHash];
    const all = sync.headersFor({ type: 'getheaders', locator, stop: new Uint8Array(32) });
    expect(all.map(headerHash).map(toHex)).toEqual(ours.map(headerHash).map(toHex));
    const upTo3 = sync.headersFor({ type: 'getheaders', locator, stop: headerHash(ours[2]!) });
    expect(upTo3).toHaveLength(3);
    const from2 = sync.headersFor({ type: 'getheaders', locator: [headerHash(ours[1]!)], stop: headerHash(ours[3]!) });
    expect(from2.map(headerHash).map(toHex)).toEqual(ours.slice(2, 4).map(headerHash).map(toHex));
  });
});

describe('block sync: download', () => {
  async function downloading() {
    const a = fakePeer('a', 0);
    const b = fakePeer('b', 40);
    const c = fakePeer('c', 5, 0n, 'inbound');
    const peers = [a.peer, b.peer, c.peer];
    const r = await rig(0, peers);
    const headers = await otherHeaders(40);
    const heightOf = new Map(headers.map((h, i) => [toHex(headerHash(h)), i + 1]));
    await r.sync.onHeaders(a.peer, headers);
    return { ...r, a, b, c, peers, heightOf };
  }

  it(`asks each peer for at most MAX_IN_FLIGHT_PER_PEER (${MAX_IN_FLIGHT_PER_PEER}) blocks, oldest first, and only for blocks its best height reaches`, async () => {
    const { a, b, c, sync, heightOf } = await downloading();
    const [ofA, ofB, ofC] = [a, b, c].map((p) => askedHeights(p.sent, heightOf));
    expect([ofA!.length, ofB!.length]).toEqual([MAX_IN_FLIGHT_PER_PEER, MAX_IN_FLIGHT_PER_PEER]);
    // c reaches block 5 only, and the able peers take turns: c is asked once among the first five.
    expect(ofC!.length).toBe(1);
    expect(ofC![0]).toBeLessThanOrEqual(5);
    const all = [...ofA!, ...ofB!, ...ofC!].sort((x, y) => x! - y!);
    expect(all).toEqual(Array.from({ length: 2 * MAX_IN_FLIGHT_PER_PEER + 1 }, (_, i) => i + 1));
    expect(sync.inFlight()).toHaveLength(all.length);
    // Each peer got one getdata: a batch, not a message per block.
    for (const p of [a, b, c]) expect(p.sent.filter((m) => m.type === 'getdata')).toHaveLength(1);
  });

  it('hands a gone peer\'s blocks to the others that can serve them, at once', async () => {
    const { a, c, sync, peers, heightOf } = await downloading();
    const ofA = askedHeights(a.sent, heightOf);
    peers.splice(0, 1);
    sync.peerGone(a.peer);
    const lowOfA = ofA.filter((h) => h! <= 5).sort();
    expect(askedHeights(c.sent, heightOf).slice(1)).toEqual(lowOfA);
    expect(sync.inFlight()).toHaveLength(MAX_IN_FLIGHT_PER_PEER + 1 + lowOfA.length);
  });

  it('asks another peer for a block whose request timed out, and not the one that let it', async () => {
    const { a, b, c, sync, clock, heightOf } = await downloading();
    const before = [a, b, c].map((p) => askedHeights(p.sent, heightOf));
    clock.advance(BLOCK_TIMEOUT_MS);
    sync.tick();
    expect([a, b, c].map((p) => askedHeights(p.sent, heightOf))).toEqual(before);
    clock.advance(1);
    sync.tick();
    const again = [a, b, c].map((p, i) => askedHeights(p.sent, heightOf).slice(before[i]!.length));
    for (let i = 0; i < 3; i++) for (const h of again[i]!) expect(before[i]).not.toContain(h);
    expect(again.flat().length).toBeGreaterThan(0);
  });

  it('asks for nothing once downloads are paused (our storage is full)', async () => {
    const a = fakePeer('a');
    const { sync } = await rig(0, [a.peer]);
    sync.pauseDownloads();
    await sync.onHeaders(a.peer, await otherHeaders(3));
    expect(a.sent.filter((m) => m.type === 'getdata')).toEqual([]);
    expect(sync.bestHeader.height).toBe(3);
  });
});
