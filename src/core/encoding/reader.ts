// A bounded reader: every read checks the remaining length, every count is checked against a
// caller-given maximum before anything is allocated for it.
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
import { CodecError } from './codec-error';

export class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  private need(n: number): void {
    if (n > this.remaining) throw new CodecError(`truncated: need ${n} bytes at offset ${this.pos}, have ${this.remaining}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** n bytes, copied out so the result does not pin the whole message. */
  fixed(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A u8 length (at most max) then the bytes. */
  bytes8(max: number): Uint8Array {
    const n = this.u8();
    if (n > max) throw new CodecError(`length ${n} exceeds ${max}`);
    return this.fixed(n);
  }

  /** A u32 length (at most max) then the bytes. */
  bytes32(max: number): Uint8Array {
    const n = this.u32();
    if (n > max) throw new CodecError(`length ${n} exceeds ${max}`);
    return this.fixed(n);
  }

  /** A u32 count, at most max; each item must take at least minItemBytes, checked before reading. */
  count(max: number, minItemBytes = 1): number {
    const n = this.u32();
    if (n > max) throw new CodecError(`count ${n} exceeds ${max}`);
    if (n * minItemBytes > this.remaining) throw new CodecError(`count ${n} cannot fit in ${this.remaining} bytes`);
    return n;
  }

  /** Asserts the whole input was consumed: canonical encodings have no trailing bytes. */
  end(): void {
    if (this.remaining !== 0) throw new CodecError(`${this.remaining} trailing bytes`);
  }
}

/** Decodes a whole buffer with fn, rejecting trailing bytes. */
export function decodeAll<T>(bytes: Uint8Array, fn: (r: Reader) => T): T {
  const r = new Reader(bytes);
  const v = fn(r);
  r.end();
  return v;
}
