// Compact blocks (BIP152): a block sent as its header, a 6-byte short id per transaction and the
// few transactions the receiver cannot have (the coinbase), rebuilt from the receiver's mempool.
// Short ids are SipHash-2-4 keyed per block and per message, so no one can precompute collisions.
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import SipHash from 'siphash';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual, fromHex } from '../encoding/bytes';
import { encodeHeader, type BlockHeader } from '../primitives/header';
import { computeMerkleRoot, type Block } from '../primitives/block';
import { TX_KIND_COINBASE, txid, type Tx } from '../primitives/tx';

export type CompactBlockMessage = {
  type: 'cmpctblock';
  header: BlockHeader;
  /** Chosen by the sender per message: a collision under one key tells nothing about the next. */
  nonce: bigint;
  /** One per transaction not prefilled, in block order: the low 48 bits of SipHash-2-4(key, txid). */
  shortIds: number[];
  /** Transactions sent whole, by their index in the block, indexes strictly increasing. */
  prefilled: { index: number; tx: Tx }[];
};

/** The SipHash key of a compact block: the first 16 bytes of SHA-256(header ‖ nonce as u64), as BIP152. */
export function shortIdKey(header: BlockHeader, nonce: bigint): Uint32Array {
  const input = new Uint8Array(88);
  input.set(encodeHeader(header));
  new DataView(input.buffer).setBigUint64(80, nonce, true);
  const k = sha256(input);
  // Two little-endian u64 keys k0, k1, as SipHash's four little-endian 32-bit words.
  const view = new DataView(k.buffer, k.byteOffset, 16);
  return Uint32Array.from([0, 4, 8, 12], (o) => view.getUint32(o, true));
}

/** The low 48 bits (6 bytes) of SipHash-2-4 of the data under the key (BIP152's short id). */
export function siphash48(key: Uint32Array, data: Uint8Array): number {
  const h = SipHash.hash(key, data);
  return (h.h & 0xffff) * 0x1_0000_0000 + (h.l >>> 0);
}

export const shortIdOf = (key: Uint32Array, id: Uint8Array): number => siphash48(key, id);

/** The compact form of a block, the coinbase prefilled (the receiver's mempool cannot hold it). */
export function compactBlockOf(block: Block, nonce: bigint): CompactBlockMessage {
  const key = shortIdKey(block.header, nonce);
  const prefilled: CompactBlockMessage['prefilled'] = [];
  const shortIds: number[] = [];
  block.txs.forEach((tx, index) => {
    if (tx.kind === TX_KIND_COINBASE) prefilled.push({ index, tx });
    else shortIds.push(shortIdOf(key, txid(tx)));
  });
  return { type: 'cmpctblock', header: block.header, nonce, shortIds, prefilled };
}

/** A mempool transaction that may fill a slot, with its id. */
export interface Candidate {
  id: Uint8Array;
  tx: Tx;
}

/**
 * A block being rebuilt from a compact block. Nothing here can blame the sender: a short id that
 * matches two of our transactions, or two slots, is chance (or our mempool), so those slots are
 * simply asked for, and a rebuilt block whose merkle root does not match is fetched whole.
 */
export class PartialBlock {
  private readonly slots: (Tx | null)[];
  /** The short id of each slot that was not prefilled. */
  private readonly idOfSlot = new Map<number, number>();
  readonly hashHex: string;
  /** Two slots share a short id: the compact block cannot be rebuilt, only fetched whole. */
  readonly ambiguous: boolean;
  private readonly key: Uint32Array;

  constructor(
    readonly message: CompactBlockMessage,
    hashHex: string,
    candidates: Iterable<Candidate>,
  ) {
    this.hashHex = hashHex;
    const total = message.shortIds.length + message.prefilled.length;
    this.slots = new Array<Tx | null>(total).fill(null);
    for (const p of message.prefilled) this.slots[p.index] = p.tx;
    this.key = shortIdKey(message.header, message.nonce);
    const slotOfId = new Map<number, number>();
    let next = 0;
    let ambiguous = false;
    for (const id of message.shortIds) {
      while (this.slots[next] !== null) next++;
      if (slotOfId.has(id)) ambiguous = true;
      slotOfId.set(id, next);
      this.idOfSlot.set(next, id);
      next++;
    }
    this.ambiguous = ambiguous;
    if (ambiguous) return;
    const collided = new Set<number>();
    for (const c of candidates) {
      const slot = slotOfId.get(shortIdOf(this.key, c.id));
      if (slot === undefined || collided.has(slot)) continue;
      // Two of our transactions share the slot's short id: ask for it rather than guess.
      if (this.slots[slot] !== null) {
        this.slots[slot] = null;
        collided.add(slot);
      } else this.slots[slot] = c.tx;
    }
  }

  /** Indexes of the slots still empty, in increasing order (what getblocktxn asks for). */
  missing(): number[] {
    const out: number[] = [];
    this.slots.forEach((tx, i) => tx === null && out.push(i));
    return out;
  }

  /**
   * Fills the missing slots with a blocktxn's transactions, in order. False if the answer is not
   * one: another count, or a transaction whose short id is not the one the sender gave for its
   * slot. An honest sender cannot do either, since both come from its own block.
   */
  fill(txs: Tx[]): boolean {
    const missing = this.missing();
    if (txs.length !== missing.length) return false;
    if (!missing.every((slot, i) => shortIdOf(this.key, txid(txs[i] as Tx)) === this.idOfSlot.get(slot))) return false;
    missing.forEach((slot, i) => (this.slots[slot] = txs[i] as Tx));
    return true;
  }

  /** The rebuilt block once every slot is full and its transactions match the header's merkle root. */
  block(): Block | 'incomplete' | 'mismatch' {
    if (this.slots.some((tx) => tx === null)) return 'incomplete';
    const txs = this.slots as Tx[];
    if (!bytesEqual(computeMerkleRoot(txs), this.message.header.merkleRoot)) return 'mismatch';
    return { header: this.message.header, txs };
  }
}

/** Mempool entries as candidates (their ids are hex there). */
export const candidatesOf = (entries: Iterable<{ id: string; tx: Tx }>): Candidate[] => [...entries].map((e) => ({ id: fromHex(e.id), tx: e.tx }));
