// Length-prefixed framing over a reliable, ordered byte channel (an RTCDataChannel or a test pipe).
// A frame is a 4-byte little-endian payload length followed by the payload. The channel may split
// or join frames arbitrarily; FrameDecoder reassembles them and refuses an oversize length before
// allocating anything for it.
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import { MAX_CHUNK_BYTES, MAX_MESSAGE_BYTES } from './limits';

export const FRAME_HEADER_BYTES = 4;

export class FrameError extends Error {
  constructor(
    readonly code: 'frame-oversize' | 'frame-empty',
    reason: string,
  ) {
    super(reason);
    this.name = 'FrameError';
  }
}

/** Frames one message and splits the frame into sends of at most chunkBytes. */
export function encodeFrames(
  payload: Uint8Array,
  maxMessageBytes = MAX_MESSAGE_BYTES,
  chunkBytes = MAX_CHUNK_BYTES,
): Uint8Array[] {
  if (payload.length === 0) throw new FrameError('frame-empty', 'a message must not be empty');
  if (payload.length > maxMessageBytes) {
    throw new FrameError('frame-oversize', `message of ${payload.length} bytes exceeds ${maxMessageBytes}`);
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError('chunkBytes must be a positive integer');
  const framed = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  new DataView(framed.buffer).setUint32(0, payload.length, true);
  framed.set(payload, FRAME_HEADER_BYTES);
  if (framed.length <= chunkBytes) return [framed];
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < framed.length; offset += chunkBytes) {
    chunks.push(framed.subarray(offset, Math.min(offset + chunkBytes, framed.length)));
  }
  return chunks;
}

/** Reassembles messages from chunks. After it throws, the stream is unusable: close the link. */
export class FrameDecoder {
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFilled = 0;
  private body: Uint8Array | null = null;
  private bodyFilled = 0;
  private failed = false;

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  /** Bytes held for a message not yet complete. */
  get pendingBytes(): number {
    return this.headerFilled + this.bodyFilled;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw new FrameError('frame-oversize', 'stream already failed');
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.body === null) {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFilled, chunk.length - offset);
        this.header.set(chunk.subarray(offset, offset + take), this.headerFilled);
        this.headerFilled += take;
        offset += take;
        if (this.headerFilled < FRAME_HEADER_BYTES) break;
        const length = new DataView(this.header.buffer).getUint32(0, true);
        this.headerFilled = 0;
        if (length === 0) return this.fail('frame-empty', 'peer sent an empty frame');
        if (length > this.maxMessageBytes) {
          return this.fail('frame-oversize', `peer announced ${length} bytes, limit ${this.maxMessageBytes}`);
        }
        this.body = new Uint8Array(length);
        this.bodyFilled = 0;
      }
      const take = Math.min(this.body.length - this.bodyFilled, chunk.length - offset);
      this.body.set(chunk.subarray(offset, offset + take), this.bodyFilled);
      this.bodyFilled += take;
      offset += take;
      if (this.bodyFilled === this.body.length) {
        out.push(this.body);
        this.body = null;
        this.bodyFilled = 0;
      }
    }
    return out;
  }

  private fail(code: FrameError['code'], reason: string): never {
    this.failed = true;
    this.body = null;
    throw new FrameError(code, reason);
  }
}
