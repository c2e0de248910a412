// The header index packed into a few binary records, so a cold start reads a few hundred values
// instead of one structured-clone object per block (issue 19: 100,000 blocks in under a second).
// The headers store stays the source of truth; the snapshot is written in the same transaction as
// every entry, so it can never hold an entry the headers store does not.
//
// A record is a run of fixed-order entries: hash (32) | header (80) | height u32 | seq u32 |
// flags u8 | work length u8 | work, big-endian. A rewritten entry (a block marked invalid) is
// appended again: the last copy wins.
import { bytesToBigIntBE, fromHex, toHex } from '../core/encoding/bytes';
import { HEADER_BYTES } from '../core/protocol/consensus';
import type { StoredEntry } from '../core/chain/store';

/** Entries per sealed record: the open tail is rewritten as one record once it reaches this many. */
export const SNAPSHOT_CHUNK_ENTRIES = 512;

const FIXED_BYTES = 32 + HEADER_BYTES + 4 + 4 + 1 + 1;
const HAS_DATA = 1;
const INVALID = 2;

function workBytes(work: bigint): Uint8Array {
  let hex = work.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return work === 0n ? new Uint8Array(0) : fromHex(hex);
}

function readWork(bytes: Uint8Array, at: number, length: number): bigint {
  // Regtest and most class chains stay below 2^48: one Number, no string.
  if (length <= 6) {
    let n = 0;
    for (let i = 0; i < length; i++) n = n * 256 + (bytes[at + i] as number);
    return BigInt(n);
  }
  return bytesToBigIntBE(bytes.subarray(at, at + length));
}

export function packEntries(entries: readonly StoredEntry[]): Uint8Array {
  const works = entries.map((e) => workBytes(e.work));
  const out = new Uint8Array(entries.length * FIXED_BYTES + works.reduce((sum, w) => sum + w.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  entries.forEach((e, i) => {
    if (e.header.length !== HEADER_BYTES) throw new Error(`a stored header has ${e.header.length} bytes`);
    const work = works[i] as Uint8Array;
    out.set(fromHex(e.hashHex), at);
    out.set(e.header, at + 32);
    view.setUint32(at + 112, e.height);
    view.setUint32(at + 116, e.seq);
    out[at + 120] = (e.hasData ? HAS_DATA : 0) | (e.invalid ? INVALID : 0);
    out[at + 121] = work.length;
    out.set(work, at + FIXED_BYTES);
    at += FIXED_BYTES + work.length;
  });
  return out;
}

/** How many entries a packed record holds (copies included). */
export function countPacked(bytes: Uint8Array): number {
  let count = 0;
  for (let at = 0; at < bytes.length; count++) at += FIXED_BYTES + (bytes[at + 121] as number);
  return count;
}

/** The entries of records in write order, each hash once with its last copy. Headers are views into the records. */
export function unpackEntries(records: readonly Uint8Array[]): StoredEntry[] {
  const out: StoredEntry[] = [];
  const position = new Map<string, number>();
  for (const bytes of records) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const workLength = bytes[at + 121] as number;
      if (at + FIXED_BYTES + workLength > bytes.length) throw new Error('a header snapshot record is truncated');
      const flags = bytes[at + 120] as number;
      const entry: StoredEntry = {
        hashHex: toHex(bytes.subarray(at, at + 32)),
        header: bytes.subarray(at + 32, at + 112),
        height: view.getUint32(at + 112),
        seq: view.getUint32(at + 116),
        hasData: (flags & HAS_DATA) !== 0,
        invalid: (flags & INVALID) !== 0,
        work: readWork(bytes, at + FIXED_BYTES, workLength),
      };
      const seen = position.get(entry.hashHex);
      if (seen === undefined) {
        position.set(entry.hashHex, out.length);
        out.push(entry);
      } else out[seen] = entry;
      at += FIXED_BYTES + workLength;
    }
  }
  return out;
}

/** Records of at most SNAPSHOT_CHUNK_ENTRIES entries each. */
export function packChunks(entries: readonly StoredEntry[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < entries.length; i += SNAPSHOT_CHUNK_ENTRIES) out.push(packEntries(entries.slice(i, i + SNAPSHOT_CHUNK_ENTRIES)));
  return out;
}
