// The Uploader's rules at their edges (src/node/p2p/upload.ts), found unpinned by mutation testing
// (docs/RELIABILITY.md): what it answers and with what, the queue limits, the resend window, the
// expiry of block requests only, the send-buffer wait and one pump per peer.
import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_BLOCKS, MAX_QUEUED_ITEMS, MAX_SEND_BUFFER_BYTES, REQUEST_EXPIRY_MS, RESEND_AFTER_MS, UPLOAD_BURST_BYTES, UPLOAD_BYTES_PER_SEC, type GetHeaders } from '../../../src/node/p2p/upload';
import { INV_BLOCK, INV_TX, MAX_INV, type InvItem, type Message } from '../../../src/core/p2p/messages';
import { encodeTx } from '../../../src/core/primitives/tx';
import { toHex } from '../../../src/core/encoding/bytes';
import type { Block } from '../../../src/core/primitives/block';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ALICE, BOB, transfer } from '../core/helpers';
import { fakePeer, hashOf, manualClock, uploader } from './upload-rig';

const block = (i: number): InvItem => ({ type: INV_BLOCK, hash: hashOf(i) });
/** A transaction hash for each of 65,536 numbers (hashOf repeats after 256). */
const tx = (i: number): InvItem => ({ type: INV_TX, hash: Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? 0xee : k === 1 ? i >> 8 : i & 0xff)) });
const small = new Uint8Array(100);
/** Lets the pump run until it waits on the clock or on a read. */
const settle = async (clock: ReturnType<typeof manualClock>) => {
  for (let k = 0; k < 20; k++) await clock.flush();
};
const txs = [0, 1, 2].map((n) => transfer(ALICE, BOB, 5n, n));
const recent: Block = { header: {} as Block['header'], txs };

/** An uploader whose block reads wait until release(): the pump stays on its first block. */
function stuck() {
  const clock = manualClock();
  const { peer, got, rate } = fakePeer(Infinity, clock);
  let release = () => {};
  const read = new Promise<Uint8Array>((resolve) => (release = () => resolve(new Uint8Array(100))));
  const up = uploader(clock, { readBlock: () => read, mempool: { get: () => ({ tx: txs[0]! }) } as never });
  up.getData(peer, [block(999)]);
  return { clock, peer, got, rate, up, release };
}

describe('the uploader answers', () => {
  it('a transaction from the mempool, and notfound for what it does not have', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const known = toHex(tx(0).hash);
    const up = uploader(clock, { mempool: { get: (h: string) => (h === known ? { tx: txs[1]! } : undefined) } as never });
    expect(up.servedTo(peer)).toBe(0);
    up.getData(peer, [tx(0), tx(1)]);
    await clock.flush();
    expect(got.sent).toEqual([
      { type: 'tx', bytes: encodeTx(txs[1]!) },
      { type: 'notfound', items: [tx(1)] },
    ]);
    expect(up.servedTo(peer)).toBe(encodeTx(txs[1]!).length);
    expect(got.closed).toBeNull();
  });

  it('notfound for a block it has no data for, an invalid one, or one its store cannot read', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const entries = new Map([
      [toHex(hashOf(1)), { hasData: false, invalid: false }],
      [toHex(hashOf(2)), { hasData: true, invalid: true }],
      [toHex(hashOf(3)), { hasData: true, invalid: false }],
      [toHex(hashOf(4)), { hasData: true, invalid: false }],
    ]);
    const up = uploader(clock, { chain: { index: { get: (h: string) => entries.get(h) } } as never, readBlock: async (h) => (h === toHex(hashOf(3)) ? null : small) });
    up.getData(peer, [block(0), block(1), block(2), block(3), block(4)]);
    await clock.flush();
    expect(got.sent).toEqual([
      { type: 'block', bytes: small },
      { type: 'notfound', items: [block(0), block(1), block(2), block(3)] },
    ]);
  });

  it('notfound in messages of at most MAX_INV items', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock);
    up.getData(peer, Array.from({ length: MAX_INV + 5 }, (_, i) => tx(i)));
    for (let k = 0; k < 10; k++) await settle(clock);
    expect(got.sent.map((m) => (m.type === 'notfound' ? m.items.length : m.type))).toEqual([MAX_INV, 5]);
  });

  it('the transactions a getblocktxn asks of a recent block, the whole block once it is no longer recent', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { recentBlock: (h) => (h === toHex(hashOf(7)) ? recent : null), readBlock: async () => small });
    up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(7), indexes: [0, 2] });
    up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(8), indexes: [0] });
    await clock.flush();
    expect(got.sent).toEqual([
      { type: 'blocktxn', blockHash: hashOf(7), txs: [txs[0], txs[2]] },
      { type: 'block', bytes: small },
    ]);
    expect(up.servedTo(peer)).toBe(36 + encodeTx(txs[0]!).length + encodeTx(txs[2]!).length + small.length);
  });

  it('penalises a getblocktxn index at or past the block\'s transaction count', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { recentBlock: () => recent });
    up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(7), indexes: [0, txs.length] });
    await clock.flush();
    expect(got.penalties).toEqual(['bad-getblocktxn']);
    expect(got.sent).toEqual([]);
  });

  it('a getheaders, and a getblocktxn with no recent blocks at all with the whole block', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { readBlock: async () => small, headersFor: () => [] });
    up.getHeaders(peer, { type: 'getheaders', locator: [], stop: new Uint8Array(32) });
    up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(7), indexes: [0] });
    await settle(clock);
    expect(got.sent).toEqual([
      { type: 'headers', headers: [] },
      { type: 'block', bytes: small },
    ]);
  });

  it('the newest of the getheaders that waited, once', async () => {
    const { clock, got, peer, up, release } = stuck();
    const asked: GetHeaders[] = [];
    const first: GetHeaders = { type: 'getheaders', locator: [hashOf(1)], stop: new Uint8Array(32) };
    const second: GetHeaders = { type: 'getheaders', locator: [hashOf(2)], stop: new Uint8Array(32) };
    (up as unknown as { ctx: { headersFor: (m: GetHeaders) => [] } }).ctx.headersFor = (m) => (asked.push(m), []);
    up.getHeaders(peer, first);
    up.getHeaders(peer, second);
    await clock.advance(REQUEST_EXPIRY_MS + 100); // a headers request never expires
    release();
    await clock.flush();
    expect(asked).toEqual([second]);
    expect(got.sent.map((m) => m.type)).toEqual(['block', 'headers']);
  });
});

describe('the uploader limits', () => {
  it('penalises a getdata naming an item twice, and serves nothing of it', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock);
    up.getData(peer, [block(1), { type: INV_TX, hash: hashOf(1) }]); // same hash, other kind: fine
    await clock.flush();
    expect(got.penalties).toEqual([]);
    got.sent.length = 0;
    up.getData(peer, [block(2), block(3), block(2)]);
    await clock.flush();
    expect(got.penalties).toEqual(['dup-getdata']);
    expect(got.sent).toEqual([]);
  });

  it('holds MAX_QUEUED_BLOCKS blocks waiting, a repeat renews one, the next distinct block is a flood; transactions do not count', () => {
    const { got, peer, up } = stuck(); // block 999 is being read: it counts as waiting
    up.getData(peer, [tx(1), tx(2)]);
    up.getData(peer, Array.from({ length: MAX_QUEUED_BLOCKS - 1 }, (_, i) => block(i)));
    up.getData(peer, [block(0), block(999)]);
    expect(got.penalties).toEqual([]);
    up.getData(peer, [block(MAX_QUEUED_BLOCKS)]);
    expect(got.penalties).toEqual(['flood-getdata']);
  });

  it('holds MAX_QUEUED_ITEMS objects waiting, and a getblocktxn past them is a flood', () => {
    const { got, peer, up } = stuck();
    up.getData(peer, Array.from({ length: MAX_QUEUED_ITEMS }, (_, i) => tx(i)));
    expect(got.penalties).toEqual([]);
    up.getData(peer, [tx(MAX_QUEUED_ITEMS)]);
    expect(got.penalties).toEqual(['flood-getdata']);
    up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(5), indexes: [0] });
    expect(got.penalties).toEqual(['flood-getdata', 'flood-getdata']);
  });

  it('holds MAX_QUEUED_BLOCKS getblocktxn waiting, ignores a repeat, and the next is a flood', () => {
    const { got, peer, up } = stuck();
    const ask = (i: number) => up.getBlockTxn(peer, { type: 'getblocktxn', blockHash: hashOf(i), indexes: [0] });
    for (let i = 0; i < MAX_QUEUED_BLOCKS; i++) ask(i);
    ask(0);
    expect(got.penalties).toEqual([]);
    ask(MAX_QUEUED_BLOCKS);
    expect(got.penalties).toEqual(['flood-getdata']);
  });

  it('sends a block to a peer again only from RESEND_AFTER_MS after it last did', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { readBlock: async () => new Uint8Array(100) });
    const blocks = () => got.messages.filter((t) => t === 'block').length;
    await clock.advance(20_000); // a clock well past 0, where a sum in place of the age shows
    up.getData(peer, [block(1)]);
    await clock.flush();
    await clock.advance(RESEND_AFTER_MS - 10);
    up.getData(peer, [block(1)]);
    await clock.flush();
    expect(blocks()).toBe(1);
    await clock.advance(10);
    up.getData(peer, [block(1)]);
    await clock.flush();
    expect(blocks()).toBe(2);
    expect(got.notFound).toBe(0);
  });

  it('remembers at most 2 x MAX_QUEUED_BLOCKS blocks sent, forgetting the oldest', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { readBlock: async () => small });
    const sent = () => got.sent.filter((m) => m.type === 'block').length;
    const remembered = 2 * MAX_QUEUED_BLOCKS;
    for (let i = 0; i <= remembered; i++) {
      up.getData(peer, [block(i)]);
      await settle(clock);
    }
    expect(sent()).toBe(remembered + 1);
    up.getData(peer, [block(1)]); // still remembered
    await settle(clock);
    expect(sent()).toBe(remembered + 1);
    up.getData(peer, [block(0)]); // the oldest, forgotten
    await settle(clock);
    expect(sent()).toBe(remembered + 2);
  });

  it('drops a block request that waited longer than REQUEST_EXPIRY_MS, not one that waited exactly that; other requests wait on', async () => {
    for (const [waited, served] of [
      [REQUEST_EXPIRY_MS, true],
      [REQUEST_EXPIRY_MS + 10, false],
    ] as const) {
      const { clock, got, peer, up, release } = stuck();
      up.getData(peer, [block(1), tx(1)]);
      await clock.advance(waited);
      release();
      await clock.flush();
      expect(got.sent.map((m) => m.type), String(waited)).toEqual(served ? ['block', 'block', 'tx'] : ['block', 'tx']);
    }
  });

  it('sends 16 full blocks at once (the 8 MiB burst), then 1 MiB a second', async () => {
    expect([UPLOAD_BURST_BYTES, UPLOAD_BYTES_PER_SEC]).toEqual([8 * 1024 * 1024, 1024 * 1024]);
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock);
    up.getData(peer, Array.from({ length: 30 }, (_, i) => block(i)));
    await settle(clock);
    // 16 blocks spend the burst to 0, a 17th still goes (the budget may go into debt once).
    expect(got.messages).toHaveLength(17);
    await clock.advance(1_000);
    await settle(clock);
    expect(got.messages).toHaveLength(19);
  });

  it('waits while the link holds more than MAX_SEND_BUFFER_BYTES unsent, not at exactly that', async () => {
    const clock = manualClock();
    const sent: Message[] = [];
    const link = { bufferedBytes: MAX_SEND_BUFFER_BYTES + 1 };
    const peer = { state: 'ready', link, knownInv: { add: () => undefined }, send: (m: Message) => sent.push(m), misbehave: () => undefined, close: () => undefined } as unknown as PeerSession;
    const up = uploader(clock);
    up.getData(peer, [block(1)]);
    await clock.advance(100);
    expect(sent).toEqual([]);
    link.bufferedBytes = MAX_SEND_BUFFER_BYTES;
    await clock.advance(100);
    expect(sent.map((m) => m.type)).toEqual(['block']);
  });
});

describe('the uploader pump', () => {
  it('serves in order, one pump per peer, and resumes for a request after it went idle', async () => {
    const { clock, got, peer, up, release } = stuck();
    up.getData(peer, [tx(1)]);
    await clock.flush();
    expect(got.sent).toEqual([]);
    release();
    await clock.flush();
    expect(got.sent.map((m) => m.type)).toEqual(['block', 'tx']);
    up.getData(peer, [tx(2)]);
    await clock.flush();
    expect(got.sent.map((m) => m.type)).toEqual(['block', 'tx', 'tx']);
  });

  it('sends nothing to a closed peer, nor what it read for it before it closed', async () => {
    const { clock, got, peer, up, release } = stuck();
    (peer as { state: string }).state = 'closed';
    release();
    await clock.flush();
    up.getData(peer, [tx(1)]);
    await clock.flush();
    expect(got.sent).toEqual([]);
  });

  it('closes the link as failed when serving throws', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock, { readBlock: () => Promise.reject(new Error('disk gone')) });
    up.getData(peer, [block(1)]);
    await clock.flush();
    expect(got.closed).toBe('failed');
  });
});
