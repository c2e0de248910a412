// BlockSync's handling of headers (src/node/p2p/sync.ts) on a real chain, from fake peers: what a
// headers message indexes, what it costs the sender, and what a getheaders is answered with.
// Nothing is indexed unless it leads to more work than our tip; a peer that sends what does not
// connect, or low-work headers past the budget, pays for exactly that.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { toHex } from '../../../src/core/encoding/bytes';
import { headerHash, type BlockHeader } from '../../../src/core/primitives/header';
import type { Chain } from '../../../src/core/chain/chain';
import { BlockSync, LOW_WORK_HEADER_BUDGET, MAX_UNCONNECTING_HEADERS } from '../../../src/node/p2p/sync';
import { BOB, mineMany, newChain } from '../core/helpers';
import { ManualClock } from './peer-rig';
import { fakeSession } from './fake-session';

function fakePeer(id: string, bestHeight = 0, bestWork = 0n) {
  const f = fakeSession(id);
  Object.assign(f.raw, { bestHeight, bestWork });
  return f;
}

/** The headers of a chain's active blocks 1..height. */
const headersOf = (chain: Chain): BlockHeader[] => chain.activeFrom(1).map((e) => e!.header);

async function rig(ownBlocks: number) {
  const { chain } = await newChain();
  await mineMany(chain, ownBlocks);
  const rejected: string[] = [];
  const sync = new BlockSync(chain, new ManualClock(), () => [], () => undefined, (id, e) => rejected.push(`${id}:${e.code}`));
  return { chain, sync, rejected };
}

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
