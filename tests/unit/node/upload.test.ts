// The upload queue at full-size blocks (524,288 bytes) on a manual clock: what a peer can make us
// send, and hold for it, however much it asks. The figures are in docs/RELIABILITY.md.
import { describe, expect, it } from 'vitest';
import { Uploader, MAX_QUEUED_BLOCKS, REQUEST_EXPIRY_MS, MAX_SEND_BUFFER_BYTES, UPLOAD_BURST_BYTES, UPLOAD_BYTES_PER_SEC } from '../../../src/node/p2p/upload';
import { encodeMessage, INV_BLOCK, type Message } from '../../../src/core/p2p/messages';
import { MAX_BLOCK_BYTES } from '../../../src/core/protocol/consensus';
import type { PeerSession } from '../../../src/node/p2p/peer';
import type { BlockHeader } from '../../../src/core/primitives/header';
import type { Timers } from '../../../src/core/util/timers';

function manualClock() {
  let now = 0;
  let due: { at: number; fn: () => void }[] = [];
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => due.push({ at: now + ms, fn }),
    clearTimeout: () => undefined,
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** Moves time on in 10 ms steps, running what falls due and letting the pump continue. */
  const advance = async (ms: number) => {
    for (const end = now + ms; now < end; ) {
      now += 10;
      const ready = due.filter((d) => d.at <= now);
      due = due.filter((d) => d.at > now);
      for (const d of ready) d.fn();
      await flush();
    }
  };
  return { timers, advance, flush };
}

/** A peer whose link drains at `drainPerSec` bytes a second (Infinity: instantly; 0: it stopped reading). */
function fakePeer(drainPerSec: number, clock: ReturnType<typeof manualClock>) {
  const rate = { drainPerSec };
  const got = { bytes: 0, messages: [] as Message['type'][], penalties: [] as string[], notFound: 0 };
  let held = 0;
  let drainedAt = 0;
  const drain = () => {
    const now = clock.timers.now();
    held = rate.drainPerSec === Infinity ? 0 : Math.max(0, held - ((now - drainedAt) / 1000) * rate.drainPerSec);
    drainedAt = now;
    return held;
  };
  const link = {
    get bufferedBytes() {
      return drain();
    },
  };
  const peer = {
    state: 'ready',
    link,
    knownInv: { add: () => undefined },
    send: (m: Message) => {
      const size = encodeMessage(m).length;
      got.bytes += size;
      got.messages.push(m.type);
      if (m.type === 'notfound') got.notFound += m.items.length;
      drain();
      if (rate.drainPerSec !== Infinity) held += size;
    },
    misbehave: (code: string) => got.penalties.push(code),
    close: () => undefined,
  };
  return { peer: peer as unknown as PeerSession, got, rate };
}

const hashOf = (i: number) => new Uint8Array(32).fill(i + 1);
const fullBlock = new Uint8Array(MAX_BLOCK_BYTES);
const headers2000 = Array.from({ length: 2_000 }, () => ({ version: 1, prevHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 }) as unknown as BlockHeader);

function uploader(clock: ReturnType<typeof manualClock>) {
  return new Uploader({
    chain: { index: { get: () => ({ hasData: true, invalid: false }) } } as never,
    mempool: { get: () => undefined } as never,
    timers: clock.timers,
    readBlock: async () => fullBlock,
    headersFor: () => headers2000,
  });
}

const MiB = 1024 * 1024;

describe('upload budget at full-size blocks', () => {
  it('serves 64 distinct full blocks asked at once at the burst, then at the rate, and expires the rest', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock);
    const items = Array.from({ length: MAX_QUEUED_BLOCKS }, (_, i) => ({ type: INV_BLOCK, hash: hashOf(i) }) as const);
    up.getData(peer, items);
    await clock.flush();
    expect(got.bytes).toBeLessThanOrEqual(UPLOAD_BURST_BYTES + 2 * fullBlock.length);
    await clock.advance(30_000);
    expect(got.penalties).toEqual([]);
    // What is still waiting after the requester's own timeout is dropped: it has asked elsewhere.
    const blocks = got.messages.filter((t) => t === 'block').length;
    expect(up.servedTo(peer)).toBe(blocks * fullBlock.length);
    expect(up.servedTo(peer)).toBeLessThanOrEqual(UPLOAD_BURST_BYTES + (REQUEST_EXPIRY_MS / 1000) * UPLOAD_BYTES_PER_SEC + fullBlock.length);
    expect(blocks).toBeLessThan(MAX_QUEUED_BLOCKS);
    expect(got.notFound).toBe(0);
    console.log(`64 blocks: ${encodeMessage({ type: 'getdata', items }).length} B asked, ${(got.bytes / MiB).toFixed(1)} MiB served (${blocks} blocks)`);
  });

  it('never penalises an honest downloader on a slow link, which re-asks 16 blocks every time its requests time out', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(250_000, clock);
    const up = uploader(clock);
    for (let round = 0; round < 12; round++) {
      up.getData(peer, Array.from({ length: 16 }, (_, i) => ({ type: INV_BLOCK, hash: hashOf(16 * round + i) })));
      await clock.advance(10_000);
    }
    expect(got.penalties).toEqual([]);
    expect(got.messages.filter((t) => t === 'block').length).toBeGreaterThan(12 * 4);
  });

  it('renews a waiting block request that is asked again, so a lone slow server still delivers it', async () => {
    const clock = manualClock();
    const { peer, got, rate } = fakePeer(0, clock);
    const up = uploader(clock);
    const ask = () => up.getData(peer, Array.from({ length: 3 }, (_, i) => ({ type: INV_BLOCK, hash: hashOf(i) })));
    ask();
    await clock.advance(9_000);
    ask();
    await clock.advance(9_000);
    expect(got.messages.filter((t) => t === 'block')).toHaveLength(2);
    // The link drains at last: the third block was asked for 9 s ago, not 18, so it still goes.
    rate.drainPerSec = Infinity;
    await clock.advance(100);
    expect(got.messages.filter((t) => t === 'block')).toHaveLength(3);
  });

  it('holds at most the send buffer and one block for a peer that stops reading', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(0, clock);
    const up = uploader(clock);
    up.getData(peer, Array.from({ length: MAX_QUEUED_BLOCKS }, (_, i) => ({ type: INV_BLOCK, hash: hashOf(i) })));
    await clock.advance(10_000);
    expect(got.bytes).toBeLessThanOrEqual(MAX_SEND_BUFFER_BYTES + fullBlock.length + 64);
    expect(got.messages.filter((t) => t === 'block')).toHaveLength(2);
  });

  it('answers at most one waiting getheaders, within the budget, however many arrive', async () => {
    const clock = manualClock();
    const { peer, got } = fakePeer(Infinity, clock);
    const up = uploader(clock);
    const request: Message = { type: 'getheaders', locator: [new Uint8Array(32)], stop: new Uint8Array(32) };
    for (let t = 0; t < 100; t++) {
      for (let i = 0; i < 100; i++) up.getHeaders(peer, request as Extract<Message, { type: 'getheaders' }>);
      await clock.advance(100);
    }
    // 10,000 requests of 69 bytes in 10 s; unmetered they would draw 1.6 GB.
    expect(got.bytes).toBeLessThanOrEqual(UPLOAD_BURST_BYTES + 10 * UPLOAD_BYTES_PER_SEC + 160_005);
    console.log(`getheaders: ${10_000 * encodeMessage(request).length} B asked, ${(got.bytes / MiB).toFixed(2)} MiB served in 10 s (${got.messages.length} answers)`);
  });
});
