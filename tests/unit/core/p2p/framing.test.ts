import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFrames, FrameDecoder, FrameError, FRAME_HEADER_BYTES } from '../../../../src/core/p2p/framing';
import { MAX_MESSAGE_BYTES } from '../../../../src/core/p2p/limits';
import { MAX_BLOCK_BYTES } from '../../../../src/core/protocol/consensus';

function rechunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('framing', () => {
  it('round-trips any sequence of messages however the channel splits the bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, chunkBytes, cuts) => {
          const stream = messages.flatMap((m) => encodeFrames(m, 1024, chunkBytes));
          expect(stream.every((c) => c.length <= chunkBytes)).toBe(true);
          const joined = new Uint8Array(stream.reduce((n, c) => n + c.length, 0));
          let o = 0;
          for (const c of stream) {
            joined.set(c, o);
            o += c.length;
          }
          const decoder = new FrameDecoder(1024);
          const got = rechunk(joined, cuts).flatMap((c) => decoder.push(c));
          expect(got).toEqual(messages);
          expect(decoder.pendingBytes).toBe(0);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses to send an empty or oversize message', () => {
    expect(() => encodeFrames(new Uint8Array(0))).toThrow(FrameError);
    expect(() => encodeFrames(new Uint8Array(11), 10)).toThrow(/exceeds 10/);
    expect(() => encodeFrames(new Uint8Array(1), 10, 0)).toThrow(RangeError);
  });

  it('rejects an oversize length from the header alone, before the body arrives', () => {
    const decoder = new FrameDecoder(1000);
    const header = new Uint8Array(FRAME_HEADER_BYTES);
    new DataView(header.buffer).setUint32(0, 0xffffffff, true);
    expect(() => decoder.push(header)).toThrow(/announced 4294967295 bytes/);
    // A failed stream stays failed.
    expect(() => decoder.push(new Uint8Array([1]))).toThrow(FrameError);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('rejects an empty frame', () => {
    expect(() => new FrameDecoder().push(new Uint8Array(4))).toThrow(/empty frame/);
  });

  it('holds a partial message until the rest arrives', () => {
    const [frame] = encodeFrames(new Uint8Array([9, 8, 7]));
    const decoder = new FrameDecoder();
    expect(decoder.push(frame!.subarray(0, 2))).toEqual([]);
    expect(decoder.push(frame!.subarray(2, 5))).toEqual([]);
    expect(decoder.pendingBytes).toBe(1);
    expect(decoder.push(frame!.subarray(5))).toEqual([new Uint8Array([9, 8, 7])]);
  });

  it('takes a message of exactly the limit both ways, and names the reason in its code', () => {
    const frames = encodeFrames(new Uint8Array(10).fill(5), 10);
    expect(new FrameDecoder(10).push(frames[0]!)).toEqual([new Uint8Array(10).fill(5)]);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof FrameError ? `${e.name} ${e.code}` : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => encodeFrames(new Uint8Array(0)))).toBe('FrameError frame-empty');
    expect(codeOf(() => encodeFrames(new Uint8Array(11), 10))).toBe('FrameError frame-oversize');
    expect(codeOf(() => new FrameDecoder().push(new Uint8Array(4)))).toBe('FrameError frame-empty');
    const decoder = new FrameDecoder(10);
    expect(codeOf(() => decoder.push(new Uint8Array([11, 0, 0, 0])))).toBe('FrameError frame-oversize');
    expect(codeOf(() => decoder.push(new Uint8Array([1])))).toBe('FrameError frame-oversize');
  });

  it('splits a frame that is a whole number of chunks into exactly that many', () => {
    // 4 header bytes + 8 payload bytes = 12 = 3 chunks of 4: no empty fourth send.
    const chunks = encodeFrames(new Uint8Array(8).fill(1), 100, 4);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4]);
    expect(encodeFrames(new Uint8Array(8), 100, 12)).toHaveLength(1);
  });

  it('carries a block message of the largest block in one message (the limit is 4 MiB)', () => {
    expect(MAX_MESSAGE_BYTES).toBe(4 * 1024 * 1024);
    // Type byte, u32 length, then the block's bytes.
    const largestBlockMessage = 1 + 4 + MAX_BLOCK_BYTES;
    expect(encodeFrames(new Uint8Array(largestBlockMessage)).reduce((n, c) => n + c.length, 0)).toBe(FRAME_HEADER_BYTES + largestBlockMessage);
  });
});
