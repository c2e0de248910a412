// The 80-byte block header. The nonce sits in the last 16 bytes (bytes 64..79 are the second
// SHA-256 block), so a miner hashes the first 64 bytes once per template (the midstate).
// Reading path: stop 2, primitives (src/core/READING.md).
import { sha256d } from '../crypto/hash';
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { bytesToBigIntBE } from '../encoding/bytes';
import { HEADER_BYTES } from '../protocol/consensus';

export interface BlockHeader {
  version: number;
  prevHash: Uint8Array;
  merkleRoot: Uint8Array;
  /** Seconds since the Unix epoch. */
  time: number;
  bits: number;
  nonce: number;
}

/** Byte offset of the nonce inside the header: its last field, a u32. */
export const NONCE_OFFSET = HEADER_BYTES - 4;

export function writeHeader(w: Writer, h: BlockHeader): void {
  w.u32(h.version).fixed(h.prevHash, 32).fixed(h.merkleRoot, 32).u32(h.time).u32(h.bits).u32(h.nonce);
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new Writer(HEADER_BYTES);
  writeHeader(w, h);
  return w.finish();
}

export function readHeader(r: Reader): BlockHeader {
  return { version: r.u32(), prevHash: r.fixed(32), merkleRoot: r.fixed(32), time: r.u32(), bits: r.u32(), nonce: r.u32() };
}

export const decodeHeader = (bytes: Uint8Array): BlockHeader => decodeAll(bytes, readHeader);

/**
 * The block hash: double SHA-256 of the 80 header bytes. Shown, stored and compared as these 32
 * bytes in order; as a number for proof of work they are read big-endian (see hashValue).
 */
export const headerHash = (h: BlockHeader): Uint8Array => sha256d(encodeHeader(h));

/** The hash as the 256-bit number compared against the target. */
export const hashValue = (hash: Uint8Array): bigint => bytesToBigIntBE(hash);
