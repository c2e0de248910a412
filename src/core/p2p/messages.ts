// The p2p messages: one type byte, then the fields. Every count and length is bounded before it is
// read, nothing nests, and a decode error is a CodecError (never anything else).
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';
import { HEADER_BYTES, MAX_BLOCK_BYTES, MAX_BLOCK_TXS, MAX_TX_BYTES } from '../protocol/consensus';
import { readHeader, writeHeader, type BlockHeader } from '../primitives/header';
import { readTx, writeTx, type Tx } from '../primitives/tx';
import { MIN_TX_BYTES } from '../primitives/block';
import { MAX_LOCATOR_HASHES } from '../chain/locator';
import type { CompactBlockMessage } from './compact';

/**
 * 2: the handshake signature binds the link (core/p2p/handshake); 1 could be relayed.
 * 3: the `profile` message, and the classroom networks' lesson parameters (new genesis blocks).
 * 4: `sendheaders` (BIP130) and compact blocks (`sendcmpct`, `cmpctblock`, `getblocktxn`,
 *    `blocktxn`, BIP152). Sent only to peers of 4 or newer, so 3 still interoperates.
 * 5: the `lab` message on lab networks (core/p2p/lab-control.ts), handled below the node.
 */
export const PROTOCOL_VERSION = 5;
/** The first version that understands sendheaders and compact blocks. */
export const COMPACT_RELAY_VERSION = 4;
/** Peers older than this are refused: before 3, classrooms had other rules and genesis blocks. */
export const MIN_PROTOCOL_VERSION = 3;

export const MAX_INV = 1_000;
export const MAX_HEADERS = 2_000;
export const MAX_ADDR = 100;
export const MAX_PEER_ID = 64;
export const MAX_REASON = 200;
/** A nickname is display text a peer chose: at most 32 bytes of UTF-8. */
export const MAX_NICKNAME = 32;

export const INV_TX = 1;
export const INV_BLOCK = 2;

export interface InvItem {
  type: typeof INV_TX | typeof INV_BLOCK;
  hash: Uint8Array;
}

export type Message =
  | {
      type: 'version';
      protocolVersion: number;
      minProtocolVersion: number;
      genesis: Uint8Array;
      bestHeight: number;
      /** Cumulative work of the best chain, big-endian, 32 bytes. */
      bestWork: bigint;
      software: string;
      nonce: bigint;
      /** The node's own BIP340 key: its identity, proven in verack. */
      nodeKey: Uint8Array;
      /** Random bytes the other side must sign. */
      challenge: Uint8Array;
      /** The sender's primary peer id, for peer exchange. */
      peerId: string;
    }
  | { type: 'verack'; signature: Uint8Array }
  | { type: 'reject'; code: string; reason: string }
  | { type: 'ping'; nonce: bigint }
  | { type: 'pong'; nonce: bigint }
  | { type: 'getaddr' }
  | { type: 'addr'; ids: string[] }
  | { type: 'inv'; items: InvItem[] }
  | { type: 'getdata'; items: InvItem[] }
  | { type: 'notfound'; items: InvItem[] }
  | { type: 'getheaders'; locator: Uint8Array[]; stop: Uint8Array }
  | { type: 'headers'; headers: BlockHeader[] }
  | { type: 'block'; bytes: Uint8Array }
  | { type: 'tx'; bytes: Uint8Array }
  /**
   * What a peer says about itself, for display only (nothing is verified): a nickname, the
   * account its mining rewards go to (32 zero bytes: none), and its hash rate in hashes per second.
   */
  | { type: 'profile'; nickname: string; rewardKey: Uint8Array; hashRate: number }
  /** Announce new blocks to me with `headers`, not `inv` (BIP130). */
  | { type: 'sendheaders' }
  /** announce: push me a `cmpctblock` for each new block at once (BIP152 high-bandwidth mode), or stop. */
  | { type: 'sendcmpct'; announce: boolean }
  | CompactBlockMessage
  /** The transactions at these indexes (strictly increasing) of a block sent as a cmpctblock. */
  | { type: 'getblocktxn'; blockHash: Uint8Array; indexes: number[] }
  /** The answer to getblocktxn: the asked transactions, in the asked order. */
  | { type: 'blocktxn'; blockHash: Uint8Array; txs: Tx[] };

export type MessageType = Message['type'];

/** Each message type's code, the byte that opens its encoding (docs/PROTOCOL.md, Messages). */
export const TYPE_CODES: Readonly<Record<MessageType, number>> = {
  version: 1,
  verack: 2,
  reject: 3,
  ping: 4,
  pong: 5,
  getaddr: 6,
  addr: 7,
  inv: 8,
  getdata: 9,
  notfound: 10,
  getheaders: 11,
  headers: 12,
  block: 13,
  tx: 14,
  profile: 15,
  sendheaders: 16,
  sendcmpct: 17,
  cmpctblock: 18,
  getblocktxn: 19,
  blocktxn: 20,
};
const CODE_TYPES = new Map(Object.entries(TYPE_CODES).map(([k, v]) => [v, k as MessageType]));

const text = new TextEncoder();
const untext = new TextDecoder('utf-8', { fatal: true });

function writeString(w: Writer, s: string, max: number): void {
  const b = text.encode(s);
  if (b.length > max) throw new CodecError(`string of ${b.length} bytes exceeds ${max}`);
  w.bytes8(b);
}

function readString(r: Reader, max: number): string {
  try {
    return untext.decode(r.bytes8(max));
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError('string is not UTF-8');
  }
}

function writeInv(w: Writer, items: InvItem[]): void {
  if (items.length > MAX_INV) throw new CodecError(`inv of ${items.length} exceeds ${MAX_INV}`);
  w.u32(items.length);
  for (const i of items) w.u8(i.type).fixed(i.hash, 32);
}

function readInv(r: Reader): InvItem[] {
  const n = r.count(MAX_INV, 33);
  const items: InvItem[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.u8();
    if (type !== INV_TX && type !== INV_BLOCK) throw new CodecError(`unknown inv type ${type}`);
    items.push({ type, hash: r.fixed(32) });
  }
  return items;
}

/** Block transaction indexes as u16 (MAX_BLOCK_TXS < 65,536), strictly increasing, below `total`. */
function writeIndexes(w: Writer, indexes: number[]): void {
  if (indexes.length > MAX_BLOCK_TXS) throw new CodecError(`${indexes.length} indexes exceed ${MAX_BLOCK_TXS}`);
  w.u32(indexes.length);
  indexes.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || i >= MAX_BLOCK_TXS || (k > 0 && i <= (indexes[k - 1] as number))) throw new CodecError('indexes must increase strictly');
    w.u16(i);
  });
}

function readIndex(r: Reader, previous: number): number {
  const i = r.u16();
  if (i <= previous || i >= MAX_BLOCK_TXS) throw new CodecError(`index ${i} does not follow ${previous} below ${MAX_BLOCK_TXS}`);
  return i;
}

function writeCompact(w: Writer, m: CompactBlockMessage): void {
  const total = m.shortIds.length + m.prefilled.length;
  if (total === 0 || total > MAX_BLOCK_TXS) throw new CodecError(`a compact block of ${total} transactions`);
  writeHeader(w, m.header);
  w.u64(m.nonce).u32(m.shortIds.length);
  for (const id of m.shortIds) {
    if (!Number.isInteger(id) || id < 0 || id >= 2 ** 48) throw new CodecError('a short id is 48 bits');
    w.u32(id % 0x1_0000_0000).u16(Math.floor(id / 0x1_0000_0000));
  }
  w.u32(m.prefilled.length);
  m.prefilled.forEach((p, k) => {
    if (p.index >= total || (k > 0 && p.index <= (m.prefilled[k - 1] as { index: number }).index)) throw new CodecError('prefilled indexes must increase strictly');
    w.u16(p.index);
    writeTx(w, p.tx);
  });
}

function readCompact(r: Reader): CompactBlockMessage {
  const header = readHeader(r);
  const nonce = r.u64();
  const shortIds: number[] = [];
  for (let i = 0, n = r.count(MAX_BLOCK_TXS, 6); i < n; i++) shortIds.push(r.u32() + r.u16() * 0x1_0000_0000);
  const count = r.count(MAX_BLOCK_TXS - shortIds.length, 2 + MIN_TX_BYTES);
  const total = shortIds.length + count;
  if (total === 0) throw new CodecError('a compact block of no transactions');
  const prefilled: CompactBlockMessage['prefilled'] = [];
  for (let i = 0, previous = -1; i < count; i++) {
    const index = (previous = readIndex(r, previous));
    if (index >= total) throw new CodecError(`prefilled index ${index} beyond ${total} transactions`);
    prefilled.push({ index, tx: readTx(r) });
  }
  return { type: 'cmpctblock', header, nonce, shortIds, prefilled };
}

export function encodeMessage(m: Message): Uint8Array {
  const w = new Writer(64);
  w.u8(TYPE_CODES[m.type]);
  switch (m.type) {
    case 'version': {
      const work = new Uint8Array(32);
      let v = m.bestWork;
      for (let i = 31; i >= 0; i--, v >>= 8n) work[i] = Number(v & 0xffn);
      if (v !== 0n) throw new CodecError('work exceeds 256 bits');
      w.u32(m.protocolVersion).u32(m.minProtocolVersion).fixed(m.genesis, 32).u32(m.bestHeight).fixed(work, 32);
      writeString(w, m.software, 64);
      w.u64(m.nonce).fixed(m.nodeKey, 32).fixed(m.challenge, 32);
      writeString(w, m.peerId, MAX_PEER_ID);
      break;
    }
    case 'verack':
      w.fixed(m.signature, 64);
      break;
    case 'reject':
      writeString(w, m.code, 32);
      writeString(w, m.reason, MAX_REASON);
      break;
    case 'ping':
    case 'pong':
      w.u64(m.nonce);
      break;
    case 'getaddr':
      break;
    case 'addr':
      if (m.ids.length > MAX_ADDR) throw new CodecError(`addr of ${m.ids.length} exceeds ${MAX_ADDR}`);
      w.u32(m.ids.length);
      for (const id of m.ids) writeString(w, id, MAX_PEER_ID);
      break;
    case 'inv':
    case 'getdata':
    case 'notfound':
      writeInv(w, m.items);
      break;
    case 'getheaders':
      if (m.locator.length > MAX_LOCATOR_HASHES) throw new CodecError('locator too long');
      w.u32(m.locator.length);
      for (const h of m.locator) w.fixed(h, 32);
      w.fixed(m.stop, 32);
      break;
    case 'headers':
      if (m.headers.length > MAX_HEADERS) throw new CodecError('too many headers');
      w.u32(m.headers.length);
      for (const h of m.headers) writeHeader(w, h);
      break;
    case 'block':
      w.bytes32(m.bytes);
      break;
    case 'tx':
      w.bytes32(m.bytes);
      break;
    case 'profile':
      writeString(w, m.nickname, MAX_NICKNAME);
      w.fixed(m.rewardKey, 32).u32(m.hashRate);
      break;
    case 'sendheaders':
      break;
    case 'sendcmpct':
      w.u8(m.announce ? 1 : 0);
      break;
    case 'cmpctblock':
      writeCompact(w, m);
      break;
    case 'getblocktxn':
      if (m.indexes.length === 0) throw new CodecError('getblocktxn asks for nothing');
      w.fixed(m.blockHash, 32);
      writeIndexes(w, m.indexes);
      break;
    case 'blocktxn':
      if (m.txs.length > MAX_BLOCK_TXS) throw new CodecError('too many transactions');
      w.fixed(m.blockHash, 32).u32(m.txs.length);
      for (const tx of m.txs) writeTx(w, tx);
      break;
  }
  return w.finish();
}

function readBody(type: MessageType, r: Reader): Message {
  switch (type) {
    case 'version': {
      const protocolVersion = r.u32();
      const minProtocolVersion = r.u32();
      const genesis = r.fixed(32);
      const bestHeight = r.u32();
      const work = r.fixed(32);
      let bestWork = 0n;
      for (const b of work) bestWork = (bestWork << 8n) | BigInt(b);
      const software = readString(r, 64);
      return { type, protocolVersion, minProtocolVersion, genesis, bestHeight, bestWork, software, nonce: r.u64(), nodeKey: r.fixed(32), challenge: r.fixed(32), peerId: readString(r, MAX_PEER_ID) };
    }
    case 'verack':
      return { type, signature: r.fixed(64) };
    case 'reject':
      return { type, code: readString(r, 32), reason: readString(r, MAX_REASON) };
    case 'ping':
    case 'pong':
      return { type, nonce: r.u64() };
    case 'getaddr':
      return { type };
    case 'addr': {
      const n = r.count(MAX_ADDR, 1);
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(readString(r, MAX_PEER_ID));
      return { type, ids };
    }
    case 'inv':
    case 'getdata':
    case 'notfound':
      return { type, items: readInv(r) };
    case 'getheaders': {
      const n = r.count(MAX_LOCATOR_HASHES, 32);
      const locator: Uint8Array[] = [];
      for (let i = 0; i < n; i++) locator.push(r.fixed(32));
      return { type, locator, stop: r.fixed(32) };
    }
    case 'headers': {
      const n = r.count(MAX_HEADERS, HEADER_BYTES);
      const headers: BlockHeader[] = [];
      for (let i = 0; i < n; i++) headers.push(readHeader(r));
      return { type, headers };
    }
    case 'block':
      return { type, bytes: r.bytes32(MAX_BLOCK_BYTES) };
    case 'tx':
      return { type, bytes: r.bytes32(MAX_TX_BYTES) };
    case 'profile':
      return { type, nickname: readString(r, MAX_NICKNAME), rewardKey: r.fixed(32), hashRate: r.u32() };
    case 'sendheaders':
      return { type };
    case 'sendcmpct': {
      const announce = r.u8();
      if (announce > 1) throw new CodecError(`sendcmpct announce ${announce} is not 0 or 1`);
      return { type, announce: announce === 1 };
    }
    case 'cmpctblock':
      return readCompact(r);
    case 'getblocktxn': {
      const blockHash = r.fixed(32);
      const n = r.count(MAX_BLOCK_TXS, 2);
      if (n === 0) throw new CodecError('getblocktxn asks for nothing');
      const indexes: number[] = [];
      for (let i = 0, previous = -1; i < n; i++) indexes.push((previous = readIndex(r, previous)));
      return { type, blockHash, indexes };
    }
    case 'blocktxn': {
      const blockHash = r.fixed(32);
      const txs: Tx[] = [];
      for (let i = 0, n = r.count(MAX_BLOCK_TXS, MIN_TX_BYTES); i < n; i++) txs.push(readTx(r));
      return { type, blockHash, txs };
    }
  }
}

export function decodeMessage(bytes: Uint8Array): Message {
  return decodeAll(bytes, (r) => {
    const code = r.u8();
    const type = CODE_TYPES.get(code);
    if (!type) throw new CodecError(`unknown message type ${code}`);
    return readBody(type, r);
  });
}
