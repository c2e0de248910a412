// The upload queue at full-size blocks (524,288 bytes) on a manual clock: what a peer can make us
// send, and hold for it, however much it asks. The figures are in docs/RELIABILITY.md.
import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_BLOCKS, REQUEST_EXPIRY_MS, MAX_SEND_BUFFER_BYTES, UPLOAD_BURST_BYTES, UPLOAD_BYTES_PER_SEC } from '../../../src/node/p2p/upload';
import { encodeMessage, INV_BLOCK, type Message } from '../../../src/core/p2p/messages';
import { fakePeer, fullBlock, hashOf, manualClock, uploader } from './upload-rig';

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
