// The SHA-256 compression function (FIPS 180-4, section 6.2.2) on 32-bit words, for mining: a
// block header hashes as one compression of its first 64 bytes (the midstate, once per template)
// and two per nonce. Nothing here allocates; callers pass in their buffers.
// Reading path: stop 8, mining (src/core/READING.md).
import { SHA256_IV, SHA256_K } from './sha256-constants.js';

const K = Uint32Array.from(SHA256_K);
export const IV = Uint32Array.from(SHA256_IV);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * Compresses one 64-byte block: state (8 words) is updated in place from the 16 message words in
 * w[0..16); w must have room for 64 words (the schedule is expanded into it).
 */
export function compress(state: Uint32Array, w: Uint32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[t] as number) + (w[t] as number)) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] as number) + a;
  state[1] = (state[1] as number) + b;
  state[2] = (state[2] as number) + c;
  state[3] = (state[3] as number) + d;
  state[4] = (state[4] as number) + e;
  state[5] = (state[5] as number) + f;
  state[6] = (state[6] as number) + g;
  state[7] = (state[7] as number) + h;
}

/** Reads big-endian 32-bit words from bytes (SHA-256's byte order). */
export function readWordsBE(bytes: Uint8Array, offset: number, out: Uint32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const o = offset + 4 * i;
    out[i] = (((bytes[o] as number) << 24) | ((bytes[o + 1] as number) << 16) | ((bytes[o + 2] as number) << 8) | (bytes[o + 3] as number)) >>> 0;
  }
}

export const bswap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
