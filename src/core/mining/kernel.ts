// The mining kernel interface and its pure TypeScript implementation. A kernel hashes a range of
// nonces over one fixed header: the first 64 bytes are compressed once (the midstate), and each
// nonce costs two compressions. It reports every nonce whose double SHA-256 is at or below the
// target, and the lowest hash it saw. The WebAssembly SIMD kernel (src/workers) does the same four
// nonces at a time; both are tested against @noble/hashes.
// Reading path: stop 8, mining (src/core/READING.md).
import { HEADER_BYTES } from '../protocol/consensus';
import { bswap32, compress, IV, readWordsBE } from './sha256-block';

export interface ScanResult {
  /** Nonces whose hash meets the target, in increasing order. */
  found: number[];
  /** How many nonces were hashed (the scan may stop early once it has found some). */
  hashed: number;
  /** The first 32 bits of the lowest hash seen, and its nonce. */
  bestWord: number;
  bestNonce: number;
}

export interface MiningKernel {
  /** Sets the header (80 bytes; its nonce field is ignored) and the target. */
  setTemplate(header: Uint8Array, target: bigint): void;
  /** Hashes nonces start, start+1, … (count of them; start + count ≤ 2^32). */
  scan(start: number, count: number): ScanResult;
}

/** Target as 8 big-endian words, most significant first. */
export function targetWords(target: bigint): Uint32Array {
  const out = new Uint32Array(8);
  for (let i = 7; i >= 0; i--, target >>= 32n) out[i] = Number(target & 0xffffffffn);
  return out;
}

/** The midstate and the constant words of the header's second block. */
export function prepareHeader(header: Uint8Array): { midstate: Uint32Array; tail: Uint32Array } {
  if (header.length !== HEADER_BYTES) throw new RangeError('a header is 80 bytes');
  const w = new Uint32Array(64);
  readWordsBE(header, 0, w, 16);
  const midstate = IV.slice();
  compress(midstate, w);
  const tail = new Uint32Array(3);
  readWordsBE(header, 64, tail, 3);
  return { midstate, tail };
}

/** Whether hash words h (8, most significant first) are at or below target words t. */
export function meetsTarget(h: Uint32Array, t: Uint32Array): boolean {
  for (let i = 0; i < 8; i++) {
    if ((h[i] as number) !== (t[i] as number)) return (h[i] as number) < (t[i] as number);
  }
  return true;
}

export class TsKernel implements MiningKernel {
  private midstate: Uint32Array = new Uint32Array(8);
  private tail: Uint32Array = new Uint32Array(3);
  private target: Uint32Array = new Uint32Array(8);
  private readonly w = new Uint32Array(64);
  private readonly s = new Uint32Array(8);

  constructor(private readonly maxFound = 64) {}

  setTemplate(header: Uint8Array, target: bigint): void {
    const { midstate, tail } = prepareHeader(header);
    this.midstate = midstate;
    this.tail = tail;
    this.target = targetWords(target);
  }

  scan(start: number, count: number): ScanResult {
    const { w, s, midstate, tail, target } = this;
    const found: number[] = [];
    let bestWord = 0xffffffff;
    let bestNonce = start;
    let i = 0;
    for (; i < count; i++) {
      const nonce = (start + i) >>> 0;
      // First hash: the header's second block with this nonce, from the midstate.
      w[0] = tail[0] as number;
      w[1] = tail[1] as number;
      w[2] = tail[2] as number;
      w[3] = bswap32(nonce);
      w[4] = 0x80000000;
      w.fill(0, 5, 15);
      w[15] = 640;
      s.set(midstate);
      compress(s, w);
      // Second hash: the 32-byte first hash, padded, from the IV.
      w.set(s, 0);
      w[8] = 0x80000000;
      w.fill(0, 9, 15);
      w[15] = 256;
      s.set(IV);
      compress(s, w);
      const top = s[0] as number;
      if (top < bestWord) {
        bestWord = top;
        bestNonce = nonce;
      }
      if (top <= (target[0] as number) && meetsTarget(s, target)) {
        found.push(nonce);
        if (found.length >= this.maxFound) {
          i++;
          break;
        }
      }
    }
    return { found, hashed: i, bestWord, bestNonce };
  }
}
