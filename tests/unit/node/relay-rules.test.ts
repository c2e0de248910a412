// Relay's rules (src/node/p2p/relay.ts) against fakes on a manual clock, each at its edge: whom an
// announcement goes to, which announced transactions are asked for and of whom, the budgets for
// announcements and unrequested or refused objects, and what a refused object costs its sender.
import { describe, expect, it } from 'vitest';
import { INV_ITEMS_BURST, INVALID_TX_BURST, MAX_TX_REQUESTS_PER_PEER, Relay, TX_REQUEST_TIMEOUT_MS } from '../../../src/node/p2p/relay';
import { INV_BLOCK, INV_TX, type InvItem, type Message } from '../../../src/core/p2p/messages';
import { encodeTx, txid } from '../../../src/core/primitives/tx';
import { encodeBlock } from '../../../src/core/primitives/block';
import { headerHash } from '../../../src/core/primitives/header';
import { toHex } from '../../../src/core/encoding/bytes';
import { Emitter } from '../../../src/core/util/emitter';
import { VerifyError } from '../../../src/core/protocol/verify-error';
import { REGTEST } from '../../../src/core/protocol/networks';
import type { PeerSession } from '../../../src/node/p2p/peer';
import type { AcceptResult } from '../../../src/core/chain/chain';
import { ManualClock } from './peer-rig';
import { ALICE, BOB, transfer } from '../core/helpers';
import { fakeSession } from './fake-session';

function rig() {
  const clock = new ManualClock();
  const a = fakeSession('a');
  const b = fakeSession('b');
  const c = fakeSession('c');
  const chainEvents = new Emitter<{ tip: unknown }>();
  const withData = new Set<string>();
  const inPool = new Set<string>();
  const calls: string[] = [];
  const rejected: string[] = [];
  let addError: VerifyError | null = null;
  let accept: AcceptResult | VerifyError = 'connected' as AcceptResult;
  const requested = new Set<string>();
  const relay = new Relay({
    chain: { events: chainEvents, index: { get: (h: string) => (withData.has(h) ? { hasData: true } : undefined) }, tip: 'TIP' } as never,
    mempool: {
      has: (id: string) => inPool.has(id),
      add: (tx: Parameters<typeof txid>[0]) => {
        if (addError) throw addError;
        inPool.add(toHex(txid(tx)));
      },
    } as never,
    timers: clock,
    sync: {
      headersFor: () => [],
      fetchAnnounced: (p: PeerSession, hash: Uint8Array) => calls.push(`fetch ${p.id} ${toHex(hash).slice(0, 4)}`),
      notFound: (p: PeerSession, hashes: Uint8Array[]) => calls.push(`notfound ${p.id} ${hashes.map((h) => toHex(h).slice(0, 6)).join(' ')}`),
      isRequestedFrom: (h: string, p: PeerSession) => requested.has(`${h}@${p.id}`),
      received: (_h: string, p: PeerSession) => calls.push(`received ${p.id}`),
      requestHeaders: (p: PeerSession, tip: unknown) => calls.push(`headers ${p.id} ${String(tip)}`),
      schedule: () => calls.push('schedule'),
    } as never,
    peers: () => [a.peer, b.peer, c.peer],
    submitBlock: async () => {
      if (accept instanceof VerifyError) throw accept;
      return accept;
    },
    readBlock: async () => null,
    onRejected: (kind, id, error, peer) => rejected.push(`${kind} ${error.code} ${peer.id} ${id.slice(0, 4)}`),
  });
  return {
    clock, a, b, c, relay, withData, inPool, calls, rejected, requested, chainEvents,
    failAdd: (e: VerifyError | null) => (addError = e),
    acceptAs: (r: AcceptResult | VerifyError) => (accept = r),
  };
}

const hash = (i: number) => Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? 0xaa : k === 1 ? i >> 8 : i & 0xff));
const txItem = (i: number): InvItem => ({ type: INV_TX, hash: hash(i) });
const txs = Array.from({ length: 30 }, (_, n) => transfer(ALICE, BOB, 5n, n));
const txMsg = (n: number): Message => ({ type: 'tx', bytes: encodeTx(txs[n]!) });
const idOf = (n: number) => toHex(txid(txs[n]!));
const getdata = (sent: Message[]) => sent.filter((m) => m.type === 'getdata').flatMap((m) => (m.type === 'getdata' ? m.items.map((i) => toHex(i.hash)) : []));
const blockBytes = encodeBlock(REGTEST.genesis);
const blockHex = toHex(headerHash(REGTEST.genesis.header));

describe('relay: announcing', () => {
  it('tells each ready peer that does not know an item, once, except the one it came from', () => {
    const { a, b, c, relay } = rig();
    (c.raw as { state: string }).state = 'handshake';
    b.peer.knownInv.add(toHex(hash(1)));
    relay.announce(txItem(1), a.peer);
    relay.announce(txItem(2));
    relay.announce(txItem(2));
    expect(a.sent).toEqual([{ type: 'inv', items: [txItem(2)] }]);
    expect(b.sent).toEqual([{ type: 'inv', items: [txItem(2)] }]);
    expect(c.sent).toEqual([]);
  });
});

describe('relay: announced transactions', () => {
  it('asks for what it lacks in one getdata, and not for what it has or just refused', async () => {
    const { a, relay, inPool, failAdd } = rig();
    inPool.add(toHex(hash(1)));
    await relay.onMessage(a.peer, { type: 'inv', items: [txItem(1), txItem(2), txItem(3)] });
    expect(getdata(a.sent)).toEqual([toHex(hash(2)), toHex(hash(3))]);
    expect(a.peer.knownInv.has(toHex(hash(1)))).toBe(true);
    failAdd(new VerifyError('tx-bad-nonce', 'gap', 0));
    await relay.onMessage(a.peer, txMsg(0));
    a.sent.length = 0;
    await relay.onMessage(a.peer, { type: 'inv', items: [{ type: INV_TX, hash: txid(txs[0]!) }] });
    await relay.onMessage(a.peer, { type: 'inv', items: [txItem(1)] });
    expect(a.sent).toEqual([]);
  });

  it('asks another peer only once the first request is TX_REQUEST_TIMEOUT_MS old, or was answered notfound', async () => {
    const { clock, a, b, c, relay } = rig();
    await relay.onMessage(a.peer, { type: 'inv', items: [txItem(1), txItem(2)] });
    clock.advance(TX_REQUEST_TIMEOUT_MS - 1);
    await relay.onMessage(b.peer, { type: 'inv', items: [txItem(1)] });
    expect(getdata(b.sent)).toEqual([]);
    clock.advance(1);
    await relay.onMessage(b.peer, { type: 'inv', items: [txItem(1)] });
    expect(getdata(b.sent)).toEqual([toHex(hash(1))]);
    await relay.onMessage(a.peer, { type: 'inv', items: [txItem(3)] });
    await relay.onMessage(a.peer, { type: 'notfound', items: [txItem(3)] });
    await relay.onMessage(c.peer, { type: 'inv', items: [txItem(3)] });
    expect(getdata(c.sent)).toEqual([toHex(hash(3))]);
  });

  it('asks a peer for at most MAX_TX_REQUESTS_PER_PEER undelivered ones; a delivery or a departure frees them', async () => {
    const { a, b, relay } = rig();
    const items = Array.from({ length: MAX_TX_REQUESTS_PER_PEER + 1 }, (_, i) => txItem(i));
    await relay.onMessage(a.peer, { type: 'inv', items: items.slice(0, MAX_TX_REQUESTS_PER_PEER - 1) });
    await relay.onMessage(a.peer, { type: 'inv', items: [{ type: INV_TX, hash: txid(txs[0]!) }] });
    await relay.onMessage(a.peer, { type: 'inv', items: items.slice(MAX_TX_REQUESTS_PER_PEER - 1) });
    expect(getdata(a.sent)).toHaveLength(MAX_TX_REQUESTS_PER_PEER);
    await relay.onMessage(a.peer, txMsg(0)); // delivered: one request free again
    await relay.onMessage(a.peer, { type: 'inv', items: items.slice(MAX_TX_REQUESTS_PER_PEER - 1) });
    expect(getdata(a.sent)).toHaveLength(MAX_TX_REQUESTS_PER_PEER + 1);
    expect(a.penalties).toEqual([]);
    await relay.onMessage(b.peer, { type: 'inv', items: [txItem(MAX_TX_REQUESTS_PER_PEER + 7)] });
    relay.peerGone(a.peer);
    await relay.onMessage(b.peer, { type: 'inv', items: [txItem(5)] });
    expect(getdata(b.sent)).toEqual([toHex(hash(MAX_TX_REQUESTS_PER_PEER + 7)), toHex(hash(5))]);
    // b's own request outlives a's departure: c is not asked for it.
    const c = fakeSession('c');
    await relay.onMessage(c.peer, { type: 'inv', items: [txItem(MAX_TX_REQUESTS_PER_PEER + 7)] });
    expect(getdata(c.sent)).toEqual([]);
  });

  it(`takes ${INV_ITEMS_BURST} announced items at once and penalises the next`, async () => {
    const { a, relay } = rig();
    await relay.onMessage(a.peer, { type: 'inv', items: Array.from({ length: INV_ITEMS_BURST }, (_, i) => ({ type: INV_BLOCK, hash: hash(i) })) });
    expect(a.penalties).toEqual([]);
    await relay.onMessage(a.peer, { type: 'inv', items: [{ type: INV_BLOCK, hash: hash(0) }] });
    expect(a.penalties).toEqual(['flood-inv']);
  });
});

describe('relay: announced blocks and notfound', () => {
  it('hands an announced block it has no data for to block sync, and block notfounds too', async () => {
    const { a, relay, withData, calls } = rig();
    withData.add(toHex(hash(1)));
    await relay.onMessage(a.peer, { type: 'inv', items: [{ type: INV_BLOCK, hash: hash(1) }, { type: INV_BLOCK, hash: hash(2) }] });
    await relay.onMessage(a.peer, { type: 'notfound', items: [{ type: INV_BLOCK, hash: hash(3) }, txItem(4), { type: INV_BLOCK, hash: hash(5) }] });
    expect(calls).toEqual([`fetch a ${toHex(hash(2)).slice(0, 4)}`, `notfound a ${toHex(hash(3)).slice(0, 6)} ${toHex(hash(5)).slice(0, 6)}`]);
    expect(getdata(a.sent)).toEqual([]);
  });
});

describe('relay: transactions received', () => {
  it('adds and announces a new one to the others; penalises bad bytes', async () => {
    const { a, b, c, relay, inPool } = rig();
    await relay.onMessage(a.peer, txMsg(0));
    expect(inPool.has(idOf(0))).toBe(true);
    expect([a.sent, b.sent, c.sent].map((s) => s.length)).toEqual([0, 1, 1]);
    await relay.onMessage(a.peer, { type: 'tx', bytes: new Uint8Array([1, 2, 3]) });
    expect(a.penalties).toEqual(['bad-encoding']);
  });

  it('takes 20 unrequested at once, then one per 6 s; requested ones are free', async () => {
    const { clock, a, relay } = rig();
    for (let n = 0; n < 20; n++) await relay.onMessage(a.peer, txMsg(n));
    expect(a.penalties).toEqual([]);
    await relay.onMessage(a.peer, { type: 'inv', items: [{ type: INV_TX, hash: txid(txs[21]!) }] });
    await relay.onMessage(a.peer, txMsg(21));
    expect(a.penalties).toEqual([]);
    clock.advance(5_900);
    await relay.onMessage(a.peer, txMsg(22));
    expect(a.penalties).toEqual(['flood-unrequested-tx']);
  });

  it('costs a consensus-invalid one its rule score, and one refused for our state or policy nothing until a burst of them', async () => {
    const { clock, a, b, relay, failAdd, rejected, chainEvents } = rig();
    failAdd(new VerifyError('tx-bad-sig', 'forged'));
    await relay.onMessage(a.peer, txMsg(0));
    expect(a.penalties).toEqual(['invalid-tx:tx-bad-sig']);
    expect(rejected).toEqual([`tx tx-bad-sig a ${idOf(0).slice(0, 4)}`]);
    const forOurState = ['mempool-fee-too-low', 'tx-bad-nonce', 'tx-immature-coinbase', 'tx-insufficient-funds'] as const;
    for (let n = 1; n <= INVALID_TX_BURST; n++) {
      failAdd(new VerifyError(forOurState[n % forOurState.length]!, 'not now', 0));
      await relay.onMessage(b.peer, txMsg(n));
    }
    failAdd(new VerifyError('tx-insufficient-funds', 'poor', 0));
    expect(b.penalties).toEqual([]);
    await relay.onMessage(b.peer, txMsg(INVALID_TX_BURST + 1));
    expect(b.penalties).toEqual(['flood-invalid-tx']);
    clock.advance(29_000); // then one per 30 s: not yet
    await relay.onMessage(b.peer, txMsg(INVALID_TX_BURST + 2));
    expect(b.penalties).toEqual(['flood-invalid-tx', 'flood-invalid-tx']);
    // A refusal is remembered until the next tip: the same transaction is not taken again before.
    failAdd(null);
    await relay.onMessage(a.peer, txMsg(1));
    expect(relay['ctx'].mempool.has(idOf(1))).toBe(false);
    chainEvents.emit('tip', null);
    await relay.onMessage(a.peer, txMsg(1));
    expect(relay['ctx'].mempool.has(idOf(1))).toBe(true);
  });
});

describe('relay: blocks received', () => {
  it('submits one, catches up on headers after an orphan, and schedules downloads', async () => {
    const { a, relay, calls, requested, acceptAs } = rig();
    requested.add(`${blockHex}@a`);
    acceptAs('orphan' as AcceptResult);
    await relay.onMessage(a.peer, { type: 'block', bytes: blockBytes });
    expect(calls).toEqual(['received a', 'headers a TIP', 'schedule']);
    expect(a.peer.knownInv.has(blockHex)).toBe(true);
    calls.length = 0;
    acceptAs('connected' as AcceptResult);
    await relay.onMessage(a.peer, { type: 'block', bytes: blockBytes });
    expect(calls).toEqual(['received a', 'schedule']);
  });

  it('penalises bad bytes, an invalid block by its rule, and more than 20 unrequested at once', async () => {
    const { a, b, relay, rejected, acceptAs, requested } = rig();
    await relay.onMessage(a.peer, { type: 'block', bytes: new Uint8Array([9]) });
    expect(a.penalties).toEqual(['bad-encoding']);
    acceptAs(new VerifyError('bad-merkle', 'root'));
    await relay.onMessage(a.peer, { type: 'block', bytes: blockBytes });
    expect(a.penalties).toEqual(['bad-encoding', 'invalid-block:bad-merkle']);
    expect(rejected).toEqual([`block bad-merkle a ${blockHex.slice(0, 4)}`]);
    acceptAs('connected' as AcceptResult);
    for (let n = 0; n < 20; n++) await relay.onMessage(b.peer, { type: 'block', bytes: blockBytes });
    requested.add(`${blockHex}@b`);
    await relay.onMessage(b.peer, { type: 'block', bytes: blockBytes });
    expect(b.penalties).toEqual([]);
    requested.clear();
    await relay.onMessage(b.peer, { type: 'block', bytes: blockBytes });
    expect(b.penalties).toEqual(['flood-unrequested-block']);
  });
});
