// The native SHA-256 ceiling the mining figures are a ratio of, measured the way
// `openssl speed -bytes 16384 sha256` does: one 16 KiB buffer hashed over and over for a fixed time.
import crypto from 'node:crypto';

/** OpenSSL speed's block size. */
export const SPEED_BYTES = 16 * 1024;

/**
 * Double-SHA-256 header hashes per second the native SHA-256 could do: node:crypto (OpenSSL, with
 * SHA-NI where the CPU has it) over one 16 KiB buffer for a fixed time, as `openssl speed` does.
 * Bytes/64 is compressions per second (OpenSSL's figure counts data bytes, so the one padding block
 * per 256 is left out, as there); a nonce from a midstate costs two compressions.
 */
export function ceilingHps(seconds: number): number {
  const buf = Buffer.alloc(SPEED_BYTES, 1);
  for (let i = 0; i < 200; i++) crypto.createHash('sha256').update(buf).digest(); // warm-up
  let hashes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) crypto.createHash('sha256').update(buf).digest();
    hashes += 64;
    now = performance.now();
  }
  return (hashes * SPEED_BYTES) / 64 / ((now - start) / 1000) / 2;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
