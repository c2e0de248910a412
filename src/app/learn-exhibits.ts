// The lessons' exhibits as plain functions over the core: hashing and the avalanche, the header
// laid out byte by byte, tampering with a block, and the "what if the hash rate changed" run of
// the real difficulty rule. The Svelte lessons only display what these return.
import { sha256, sha256d } from '../core/crypto/hash';
import { fromHex, toHex, utf8 } from '../core/encoding/bytes';
import { encodeHeader, hashValue, type BlockHeader } from '../core/primitives/header';
import { computeMerkleRoot, type Block } from '../core/primitives/block';
import { anchorAfter, nextBits, type DifficultyAnchor } from '../core/consensus/difficulty';
import { targetFromBits, workFromTarget } from '../core/pow/compact';
import { solveBlock } from '../core/mining/solve';
import { TX_KIND_COINBASE } from '../core/primitives/tx';
import { COIN } from '../core/protocol/consensus';
import type { NetworkParams } from '../core/protocol/networks';
import { t } from './i18n/i18n';

export interface HashExhibit {
  bytes: Uint8Array | null;
  error: string;
  sha256: string;
  sha256d: string;
}

/** The input as the chain would hash it: UTF-8 text, or raw bytes typed as hex (e.g. a header). */
export function hashExhibit(input: string, mode: 'text' | 'hex'): HashExhibit {
  let bytes: Uint8Array;
  if (mode === 'hex') {
    const clean = input.replace(/\s+/g, '').toLowerCase();
    if (!/^([0-9a-f]{2})*$/.test(clean)) return { bytes: null, error: t('hash.badHex'), sha256: '', sha256d: '' };
    bytes = fromHex(clean);
  } else bytes = utf8(input);
  return { bytes, error: '', sha256: toHex(sha256(bytes)), sha256d: toHex(sha256d(bytes)) };
}

/** The same input with its last character (or byte) changed by one: the avalanche's other side. */
export function nudge(bytes: Uint8Array): Uint8Array {
  const out = bytes.length > 0 ? bytes.slice() : new Uint8Array(1);
  out[out.length - 1] = ((out[out.length - 1] as number) ^ 1) & 0xff;
  return out;
}

/** Which of the 256 bits of sha256d differ between two inputs. */
export function avalanche(a: Uint8Array, b: Uint8Array): { flipped: number; bits: boolean[] } {
  const x = sha256d(a);
  const y = sha256d(b);
  const bits: boolean[] = [];
  for (let i = 0; i < 256; i++) bits.push((((x[i >> 3] as number) ^ (y[i >> 3] as number)) & (0x80 >> (i & 7))) !== 0);
  return { flipped: bits.filter(Boolean).length, bits };
}

export interface HeaderRow {
  field: keyof BlockHeader;
  offset: number;
  length: number;
  hex: string;
}

const LAYOUT: Array<[keyof BlockHeader, number]> = [
  ['version', 4],
  ['prevHash', 32],
  ['merkleRoot', 32],
  ['time', 4],
  ['bits', 4],
  ['nonce', 4],
];

/** The 80 header bytes split into their fields, as docs/PROTOCOL.md lays them out. */
export function headerRows(header: BlockHeader): HeaderRow[] {
  const bytes = encodeHeader(header);
  let offset = 0;
  return LAYOUT.map(([field, length]) => {
    const row = { field, offset, length, hex: toHex(bytes.subarray(offset, offset + length)) };
    offset += length;
    return row;
  });
}

/** Leading zero bits of a hash read as the proof-of-work number. */
export function leadingZeroBits(hash: Uint8Array): number {
  const v = hashValue(hash);
  return v === 0n ? 256 : 256 - v.toString(2).length;
}

export const cloneBlock = (b: Block): Block => ({ header: { ...b.header }, txs: b.txs.map((t) => ({ ...t })) });

export type Tamper = 'reward' | 'sealed' | 'height';

/**
 * A learner's forgery of a freshly built block: pay yourself 1,000 coins (re-sealed and re-mined),
 * change a transaction after sealing (the header no longer commits to it), or claim another height.
 * Regtest targets are trivial, so re-mining happens here; elsewhere the lesson uses the workers.
 */
export function tamper(block: Block, how: Tamper): Block {
  const b = cloneBlock(block);
  const coinbase = b.txs[0];
  if (!coinbase || coinbase.kind !== TX_KIND_COINBASE) throw new Error('a block starts with its coinbase');
  if (how === 'sealed') {
    // Sealed first: a valid proof of work over the honest transactions, then the change.
    solveBlock(b, 1_000_000);
    coinbase.amount += COIN;
    return b;
  }
  if (how === 'reward') coinbase.amount = 1_000n * COIN;
  else coinbase.height += 1;
  b.header.merkleRoot = computeMerkleRoot(b.txs);
  solveBlock(b, 1_000_000);
  return b;
}

export interface WhatIfPoint {
  height: number;
  time: number;
  /** Seconds since the previous block, expected at this hash rate. */
  interval: number;
  bits: number;
  /** Expected hashes per block at these bits. */
  work: number;
}

export interface WhatIfStart {
  height: number;
  time: number;
  /** The difficulty anchor the node keeps for this block's children (null at genesis). */
  anchor: DifficultyAnchor | null;
}

/**
 * The next `count` blocks if `hashesPerSec` mined them, each arriving after its expected time:
 * each block's bits come from the node's own difficulty rule (nextBits, which runs asertTarget,
 * and anchorAfter, which moves the anchor as the node does).
 */
export function whatIf(params: NetworkParams, start: WhatIfStart, hashesPerSec: number, count: number): WhatIfPoint[] {
  const out: WhatIfPoint[] = [];
  let parent = { ...start };
  for (let i = 0; i < count; i++) {
    const bits = nextBits(params, parent);
    const work = workFromTarget(targetFromBits(bits) ?? params.powLimit);
    const interval = Math.max(1, Math.round(Number(work) / Math.max(1, hashesPerSec)));
    const time = parent.time + interval;
    const height = parent.height + 1;
    out.push({ height, time, interval, bits, work: Number(work) });
    parent = { height, time, anchor: anchorAfter(params, parent.anchor, { height, time }) };
  }
  return out;
}
