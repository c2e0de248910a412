// Canonical little-endian encoding. Writers grow as needed; readers (reader.ts) are bounded.
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
import { CodecError } from './codec-error';

const U64_MAX = (1n << 64n) - 1n;

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new CodecError(`u8 out of range: ${v}`);
    this.reserve(1);
    this.buf[this.pos++] = v;
    return this;
  }

  u16(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new CodecError(`u16 out of range: ${v}`);
    this.reserve(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new CodecError(`u32 out of range: ${v}`);
    this.reserve(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
    return this;
  }

  u64(v: bigint): this {
    if (v < 0n || v > U64_MAX) throw new CodecError(`u64 out of range: ${v}`);
    this.reserve(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  /** Exactly n bytes; n is part of the format, so a wrong length is a programming error. */
  fixed(bytes: Uint8Array, n: number): this {
    if (bytes.length !== n) throw new CodecError(`expected ${n} bytes, got ${bytes.length}`);
    this.reserve(n);
    this.buf.set(bytes, this.pos);
    this.pos += n;
    return this;
  }

  /** A u8 length then the bytes. */
  bytes8(bytes: Uint8Array): this {
    this.u8(bytes.length);
    return this.fixed(bytes, bytes.length);
  }

  /** A u32 length then the bytes. */
  bytes32(bytes: Uint8Array): this {
    this.u32(bytes.length);
    return this.fixed(bytes, bytes.length);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
