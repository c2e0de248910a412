// The p2p messages: one type byte, then the fields. Every count and length is bounded before it is
// read, nothing nests, and a decode error is a CodecError (never anything else).
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';
import { HEADER_BYTES, MAX_BLOCK_BYTES, MAX_TX_BYTES } from '../protocol/consensus';
import { readHeader, writeHeader, type BlockHeader } from '../primitives/header';
import { MAX_LOCATOR_HASHES } from '../chain/locator';

/**
 * 2: the handshake signature binds the link (core/p2p/handshake); 1 could be relayed.
 * 3: the `profile` message, and the classroom networks' lesson parameters (new genesis blocks).
 * 4: (another branch: sendheaders and compact blocks; the two are reconciled on merge).
 * 5: the `lab` message on lab networks (core/p2p/lab-control.ts), handled below the node.
 */
export const PROTOCOL_VERSION = 5;
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
  | { type: 'profile'; nickname: string; rewardKey: Uint8Array; hashRate: number };

export type MessageType = Message['type'];

const TYPE_CODES: Record<MessageType, number> = {
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
