// CompactRelay's bookkeeping (src/node/p2p/compact-relay.ts) against fakes, each rule at its edge:
// which peers are asked to push compact blocks and how they rotate, what a new tip is announced
// with (compact block, up to 8 headers, or inv), and which compact blocks are not worth rebuilding.
import { describe, expect, it } from 'vitest';
import { CompactRelay, HIGH_BANDWIDTH_PEERS, MAX_HEADERS_TO_ANNOUNCE } from '../../../src/node/p2p/compact-relay';
import { COMPACT_RELAY_VERSION, type Message } from '../../../src/core/p2p/messages';
import { compactBlockOf } from '../../../src/core/p2p/compact';
import { headerHash, type BlockHeader } from '../../../src/core/primitives/header';
import { toHex } from '../../../src/core/encoding/bytes';
import { Emitter } from '../../../src/core/util/emitter';
import { REGTEST } from '../../../src/core/protocol/networks';
import type { IndexEntry } from '../../../src/core/chain/header-index';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ManualClock } from './peer-rig';
import { fakeSession } from './fake-session';

/** A chain of n index entries above genesis-like height 0 (only what CompactRelay reads). */
function chainOf(n: number): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (let h = 0; h <= n; h++) {
    const header = { ...REGTEST.genesis.header, prevHash: out[h - 1]?.hash ?? new Uint8Array(32), nonce: h } as BlockHeader;
    out.push({ hashHex: toHex(headerHash(header)), hash: headerHash(header), height: h, parent: out[h - 1] ?? null, header, hasData: true, invalid: false, work: BigInt(h) } as unknown as IndexEntry);
  }
  return out;
}

function rig(peerCount = 3) {
  const peers = Array.from({ length: peerCount }, (_, i) => fakeSession(`p${i}`));
  const events = new Emitter<{ connect: { entry: IndexEntry; block: unknown } }>();
  const index = new Map<string, Partial<IndexEntry>>();
  const orphans = new Set<string>();
  const accepting = new Set<string>();
  const calls: string[] = [];
  /** What the fake sync's onHeaders does with a pushed header (by default: indexes nothing). */
  const hooks = { onHeaders: (_p: PeerSession, _h: BlockHeader[]): void => undefined };
  const requested = new Map<string, string>();
  let presync = false;
  const clock = new ManualClock();
  const relay = new CompactRelay({
    chain: { events, index, orphans, tip: { work: 0n }, isAccepting: (h: string) => accepting.has(h) } as never,
    mempool: { entries: () => [] } as never,
    timers: clock,
    random: (n) => new Uint8Array(n).fill(1),
    sync: {
      requestHeaders: (p: PeerSession) => calls.push(`headers ${p.id}`),
      isRequested: (h: string) => requested.has(h),
      isRequestedFrom: (h: string, p: PeerSession) => requested.get(h) === p.id,
      presyncOf: () => presync,
      claim: (_h: string, p: PeerSession) => calls.push(`claim ${p.id}`),
      onHeaders: async (p: PeerSession, h: BlockHeader[]) => hooks.onHeaders(p, h),
      release: (_h: string, p: PeerSession) => calls.push(`release ${p.id}`),
    } as never,
    peers: () => peers.map((p) => p.peer),
    serveTxns: (p) => calls.push(`serve ${p.id}`),
    deliver: async (p) => void calls.push(`deliver ${p.id}`),
  });
  return { relay, peers, events, index, orphans, accepting, hooks, calls, requested, clock, presyncOn: () => (presync = true) };
}

const cmpct = (header: BlockHeader): Extract<Message, { type: 'cmpctblock' }> => compactBlockOf({ header, txs: REGTEST.genesis.txs }, 5n) as Extract<Message, { type: 'cmpctblock' }>;

describe('compact relay: high-bandwidth peers', () => {
  it(`asks the first ${HIGH_BANDWIDTH_PEERS} protocol-4 peers to push, the rest to announce, and older peers nothing`, () => {
    const { relay, peers } = rig(HIGH_BANDWIDTH_PEERS + 1);
    const old = fakeSession('old', COMPACT_RELAY_VERSION - 1);
    relay.onReady(old.peer);
    expect(old.sent).toEqual([]);
    const unversioned = fakeSession('unversioned');
    (unversioned.raw as { remote: unknown }).remote = null;
    relay.onReady(unversioned.peer);
    expect(unversioned.sent).toEqual([]);
    for (const p of peers) relay.onReady(p.peer);
    expect(peers[0]!.sent).toEqual([{ type: 'sendheaders' }, { type: 'sendcmpct', announce: true }]);
    expect(peers[HIGH_BANDWIDTH_PEERS - 1]!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: true });
    expect(peers[HIGH_BANDWIDTH_PEERS]!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: false });
    // The one told to announce is not among them: promoting it sends the oldest back.
    relay.promote(peers[HIGH_BANDWIDTH_PEERS]!.peer);
    expect(peers[0]!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: false });
  });

  it('promotes the peer that brought a tip and sends the oldest back to announcing; a gone peer frees its place', () => {
    const { relay, peers } = rig(HIGH_BANDWIDTH_PEERS + 3);
    for (const p of peers.slice(0, HIGH_BANDWIDTH_PEERS)) relay.onReady(p.peer);
    const [first, second] = peers;
    const late = peers[HIGH_BANDWIDTH_PEERS]!;
    relay.promote(first!.peer); // already one: nothing
    expect(first!.sent).toHaveLength(2);
    relay.promote(late.peer);
    expect(late.sent).toEqual([{ type: 'sendcmpct', announce: true }]);
    expect(first!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: false });
    relay.peerGone(second!.peer);
    const last = peers[HIGH_BANDWIDTH_PEERS + 1]!;
    relay.promote(last.peer);
    // Room was made by the departure: nobody demoted, not even the departed.
    expect([second!.sent.length, peers[2]!.sent.length]).toEqual([2, 2]);
    relay.promote(peers[HIGH_BANDWIDTH_PEERS + 2]!.peer); // now one too many: the oldest left goes
    expect(peers[2]!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: false });
    (first!.raw as { state: string }).state = 'closed';
    relay.promote(first!.peer);
    expect(first!.sent.at(-1)).toEqual({ type: 'sendcmpct', announce: false });
    relay.promote(fakeSession('old', COMPACT_RELAY_VERSION - 1).peer);
    expect(peers[3]!.sent).toHaveLength(2);
  });
});

describe('compact relay: announcing a tip', () => {
  it('pushes a compact block to a peer that asked, headers to one that asked for them, inv to the rest, nothing twice', async () => {
    const { relay, peers, events } = rig(5);
    (peers[4]!.raw as { state: string }).state = 'handshake';
    const chain = chainOf(3);
    const tip = chain[3]!;
    events.emit('connect', { entry: tip, block: REGTEST.genesis });
    const [compact, headers, plain, knows] = peers;
    await relay.onMessage(compact!.peer, { type: 'sendcmpct', announce: true });
    await relay.onMessage(headers!.peer, { type: 'sendheaders' });
    knows!.peer.knownInv.add(tip.hashHex);
    headers!.peer.knownInv.add(chain[1]!.hashHex);
    relay.announce(tip);
    relay.announce(tip);
    expect(compact!.sent.map((m) => m.type)).toEqual(['cmpctblock']);
    expect(headers!.sent).toEqual([{ type: 'headers', headers: [chain[2]!.header, tip.header] }]);
    expect(plain!.sent).toEqual([{ type: 'inv', items: [{ type: 2, hash: tip.hash }] }]);
    expect(knows!.sent).toEqual([]);
    expect(peers[4]!.sent).toEqual([]);
    expect(relay.recentBlock(tip.hashHex)).toBe(REGTEST.genesis);
    expect(relay.recentBlock('00')).toBeNull();
  });

  it(`announces with headers down to genesis or at most ${MAX_HEADERS_TO_ANNOUNCE} of them, else inv; a withdrawn sendcmpct gets headers`, async () => {
    const { relay, peers, events } = rig(1);
    const [p] = peers;
    const chain = chainOf(MAX_HEADERS_TO_ANNOUNCE + 1);
    await relay.onMessage(p!.peer, { type: 'sendheaders' });
    await relay.onMessage(p!.peer, { type: 'sendcmpct', announce: true });
    await relay.onMessage(p!.peer, { type: 'sendcmpct', announce: false });
    events.emit('connect', { entry: chain[MAX_HEADERS_TO_ANNOUNCE]!, block: REGTEST.genesis });
    relay.announce(chain[MAX_HEADERS_TO_ANNOUNCE]!); // 8 above genesis: all 8
    expect(p!.sent.at(-1)).toEqual({ type: 'headers', headers: chain.slice(1, MAX_HEADERS_TO_ANNOUNCE + 1).map((e) => e.header) });
    const fresh = rig(1);
    await fresh.relay.onMessage(fresh.peers[0]!.peer, { type: 'sendheaders' });
    fresh.relay.announce(chain[MAX_HEADERS_TO_ANNOUNCE + 1]!); // 9 unknown: inv
    expect(fresh.peers[0]!.sent.map((m) => m.type)).toEqual(['inv']);
  });
});

describe('compact relay: compact blocks received', () => {
  const chain = chainOf(2);
  const header = chain[2]!.header;
  const hashHex = chain[2]!.hashHex;

  it('ignores one it has, knows invalid or holds as an orphan, without blame', async () => {
    for (const known of [{ hasData: true }, { invalid: true }, 'orphan'] as const) {
      const { relay, peers, index, orphans, calls } = rig(1);
      if (known === 'orphan') orphans.add(hashHex);
      else index.set(hashHex, known);
      for (let i = 0; i < 25; i++) await relay.onMessage(peers[0]!.peer, cmpct(header));
      expect([calls, peers[0]!.penalties]).toEqual([[], []]);
    }
  });

  it('catches up on headers when the parent is unknown; takes 20 unasked, then penalises', async () => {
    const { relay, peers, calls } = rig(1);
    for (let i = 0; i < 20; i++) await relay.onMessage(peers[0]!.peer, cmpct(header));
    expect(calls).toEqual(Array.from({ length: 20 }, () => 'headers p0'));
    await relay.onMessage(peers[0]!.peer, cmpct(header));
    expect(peers[0]!.penalties).toEqual(['flood-unrequested-block']);
  });

  it('leaves a block requested whole from another peer, or one pushed during presync, to that; else claims it', async () => {
    const a = rig(1);
    a.index.set(chain[1]!.hashHex, chain[1]!);
    a.requested.set(hashHex, 'someone else');
    await a.relay.onMessage(a.peers[0]!.peer, cmpct(header));
    // Not claimed (the other request stands), and not rebuilt: its header led nowhere.
    expect(a.calls).toEqual([]);
    a.requested.set(hashHex, 'p0');
    await a.relay.onMessage(a.peers[0]!.peer, cmpct(header));
    // Claimed, judged, and released: the fake header index never learns the block.
    expect(a.calls).toEqual(['claim p0', 'release p0']);
    const b = rig(1);
    b.index.set(chain[1]!.hashHex, chain[1]!);
    b.presyncOn();
    await b.relay.onMessage(b.peers[0]!.peer, cmpct(header));
    expect(b.calls).toEqual([]);
  });

  it('rebuilds a block requested whole elsewhere when the mempool holds it all, without claiming it; never one being accepted', async () => {
    const a = rig(1);
    a.index.set(chain[1]!.hashHex, chain[1]!);
    a.requested.set(hashHex, 'someone else');
    a.hooks.onHeaders = () => void a.index.set(hashHex, { ...chain[2]!, hasData: false, work: 1n });
    await a.relay.onMessage(a.peers[0]!.peer, cmpct(header));
    expect(a.calls).toEqual(['deliver p0']);
    // A block already on its way into the chain is not rebuilt again, asked or not.
    const b = rig(1);
    b.index.set(chain[1]!.hashHex, chain[1]!);
    b.accepting.add(hashHex);
    await b.relay.onMessage(b.peers[0]!.peer, cmpct(header));
    expect(b.calls).toEqual([]);
    // One that became accepted while its header was judged is not delivered twice.
    const c = rig(1);
    c.index.set(chain[1]!.hashHex, chain[1]!);
    c.hooks.onHeaders = () => {
      c.index.set(hashHex, { ...chain[2]!, hasData: false, work: 1n });
      c.accepting.add(hashHex);
    };
    await c.relay.onMessage(c.peers[0]!.peer, cmpct(header));
    expect(c.calls).toEqual(['claim p0', 'release p0']);
    // A compact block that needs getblocktxn is left to the whole-block request.
    const d = rig(1);
    d.index.set(chain[1]!.hashHex, chain[1]!);
    d.requested.set(hashHex, 'someone else');
    d.hooks.onHeaders = () => void d.index.set(hashHex, { ...chain[2]!, hasData: false, work: 1n });
    const withTx = compactBlockOf({ header, txs: [...REGTEST.genesis.txs, REGTEST.genesis.txs[0]!] }, 5n) as Extract<Message, { type: 'cmpctblock' }>;
    await d.relay.onMessage(d.peers[0]!.peer, withTx);
    expect([d.calls, d.peers[0]!.sent.map((m) => m.type)]).toEqual([[], []]);
  });

  it('penalises blocktxn it did not ask for beyond 20, and passes getblocktxn to the uploader', async () => {
    const { relay, peers, calls, clock } = rig(1);
    const txn = { type: 'blocktxn' as const, blockHash: chain[2]!.hash, txs: [] };
    for (let i = 0; i < 20; i++) await relay.onMessage(peers[0]!.peer, txn);
    expect(peers[0]!.penalties).toEqual([]);
    await relay.onMessage(peers[0]!.peer, txn);
    expect(peers[0]!.penalties).toEqual(['flood-unrequested-block']);
    clock.advance(5_900); // one per 6 s: not yet
    await relay.onMessage(peers[0]!.peer, txn);
    expect(peers[0]!.penalties).toHaveLength(2);
    await relay.onMessage(peers[0]!.peer, { type: 'getblocktxn', blockHash: chain[2]!.hash, indexes: [0] });
    expect(calls).toEqual(['serve p0']);
  });
});
