// Compact blocks (protocol 4, BIP152): short ids, the codec's bounds, and rebuilding from a mempool.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { MAX_BLOCK_TXS } from '../../../../src/core/protocol/consensus';
import { decodeMessage, encodeMessage, type Message } from '../../../../src/core/p2p/messages';
import { compactBlockOf, PartialBlock, shortIdKey, shortIdOf, siphash48, type CompactBlockMessage } from '../../../../src/core/p2p/compact';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { Writer } from '../../../../src/core/encoding/writer';
import { fromHex, toHex } from '../../../../src/core/encoding/bytes';
import { writeHeader } from '../../../../src/core/primitives/header';
import { computeMerkleRoot, type Block } from '../../../../src/core/primitives/block';
import { encodeTx, txid, type Tx } from '../../../../src/core/primitives/tx';
import { ALICE, BOB, transfer } from '../helpers';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/PROTOCOL.md'), 'utf8');
const genesis = REGTEST.genesis;
const NONCE = 0x0706050403020100n;
const CMPCT_VECTOR =
  '12010000000000000000000000000000000000000000000000000000000000000000000000a420087243b76e220ee401bf092623464ef50b1a8991ac1b62de6f8bad6f0b7f0082036bffff7f2000000000000102030405060701000000cf61f55a589700000000';
const GETBLOCKTXN_VECTOR = '13812c52a3a6351dc07f948c830b5a72a14e9d007696c1dfe37d6bb1bf00250c1103000000010002000500';

/** A block of a coinbase and three transfers (valid signatures; state does not matter here). */
function blockWithTransfers(): { block: Block; transfers: Tx[] } {
  const transfers = [0, 1, 2].map((n) => transfer(ALICE, BOB, 10_000n + BigInt(n), n));
  const txs = [genesis.txs[0]!, ...transfers];
  return { block: { header: { ...genesis.header, merkleRoot: computeMerkleRoot(txs) }, txs }, transfers };
}
const asCandidates = (txs: Tx[]) => txs.map((tx) => ({ id: txid(tx), tx }));

describe('short ids (BIP152)', () => {
  it('are the low 48 bits of SipHash-2-4: the SipHash paper vector', () => {
    // Aumasson & Bernstein, SipHash, appendix A: key 00..0f, message 00..0e → 0xa129ca6149be45e5.
    const key = Uint32Array.from([0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c]);
    expect(siphash48(key, Uint8Array.from({ length: 15 }, (_, i) => i))).toBe(0xca6149be45e5);
  });

  it('are keyed by the header and the nonce, as the PROTOCOL.md vector says', () => {
    const id = shortIdOf(shortIdKey(genesis.header, NONCE), txid(genesis.txs[0]!));
    expect(id).toBe(0x97585af561cf);
    expect(shortIdOf(shortIdKey(genesis.header, NONCE + 1n), txid(genesis.txs[0]!))).not.toBe(id);
    expect(doc.includes('`97585af561cf`')).toBe(true);
  });
});

describe('protocol 4 messages', () => {
  it('match the PROTOCOL.md test vectors byte for byte', () => {
    const id = shortIdOf(shortIdKey(genesis.header, NONCE), txid(genesis.txs[0]!));
    const cmpct: Message = { type: 'cmpctblock', header: genesis.header, nonce: NONCE, shortIds: [id], prefilled: [] };
    expect(toHex(encodeMessage(cmpct))).toBe(CMPCT_VECTOR);
    expect(decodeMessage(fromHex(CMPCT_VECTOR))).toEqual(cmpct);
    const get: Message = { type: 'getblocktxn', blockHash: REGTEST.genesisHash, indexes: [1, 2, 5] };
    expect(toHex(encodeMessage(get))).toBe(GETBLOCKTXN_VECTOR);
    const flat = doc.replace(/\s+/g, '');
    for (const hex of [CMPCT_VECTOR, GETBLOCKTXN_VECTOR]) expect(flat.includes(hex), `PROTOCOL.md holds ${hex.slice(0, 16)}…`).toBe(true);
  });

  it('round-trip', () => {
    const { block, transfers } = blockWithTransfers();
    const messages: Message[] = [
      { type: 'sendheaders' },
      { type: 'sendcmpct', announce: true },
      { type: 'sendcmpct', announce: false },
      compactBlockOf(block, 2n ** 64n - 1n),
      { type: 'blocktxn', blockHash: REGTEST.genesisHash, txs: transfers },
    ];
    for (const m of messages) expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it('refuse counts and indexes out of bounds before allocating for them', () => {
    const h = new Uint8Array(32);
    const compactHead = () => {
      const w = new Writer().u8(18);
      writeHeader(w, genesis.header);
      return w.u64(1n);
    };
    // More short ids than a block can hold, and more than the message carries.
    expect(() => decodeMessage(compactHead().u32(MAX_BLOCK_TXS + 1).finish())).toThrow(/exceeds/);
    expect(() => decodeMessage(compactHead().u32(1_000).finish())).toThrow(/cannot fit/);
    // No transactions at all; a prefilled index beyond the block; indexes not increasing.
    expect(() => decodeMessage(compactHead().u32(0).u32(0).finish())).toThrow(CodecError);
    const coinbase = encodeTx(genesis.txs[0]!);
    const withPrefilled = (indexes: number[]) => {
      const w = compactHead().u32(0).u32(indexes.length);
      for (const i of indexes) w.u16(i).fixed(coinbase, coinbase.length);
      return w.finish();
    };
    expect(decodeMessage(withPrefilled([0])).type).toBe('cmpctblock');
    expect(() => decodeMessage(withPrefilled([1]))).toThrow(/beyond/);
    expect(() => decodeMessage(withPrefilled([1, 0]))).toThrow(/does not follow/);
    expect(() => decodeMessage(withPrefilled([0, 0]))).toThrow(/does not follow/);
    // sendcmpct is 0 or 1; getblocktxn asks for something, in increasing order; blocktxn is bounded.
    expect(() => decodeMessage(new Uint8Array([17, 2]))).toThrow(CodecError);
    expect(() => decodeMessage(new Writer().u8(19).fixed(h, 32).u32(0).finish())).toThrow(/nothing/);
    expect(() => decodeMessage(new Writer().u8(19).fixed(h, 32).u32(2).u16(3).u16(3).finish())).toThrow(/does not follow/);
    expect(() => decodeMessage(new Writer().u8(19).fixed(h, 32).u32(MAX_BLOCK_TXS + 1).finish())).toThrow(/exceeds/);
    expect(() => decodeMessage(new Writer().u8(20).fixed(h, 32).u32(MAX_BLOCK_TXS + 1).finish())).toThrow(/exceeds/);
    expect(() => encodeMessage({ type: 'getblocktxn', blockHash: h, indexes: [2, 1] })).toThrow(CodecError);
  });
});

describe('rebuilding a compact block from the mempool', () => {
  it('needs nothing more when the mempool holds every transfer', () => {
    const { block, transfers } = blockWithTransfers();
    const compact = compactBlockOf(block, 5n);
    expect(compact.prefilled.map((p) => p.index)).toEqual([0]);
    const partial = new PartialBlock(compact, 'x', asCandidates([...transfers].reverse()));
    expect(partial.missing()).toEqual([]);
    expect(partial.block()).toEqual(block);
  });

  it('asks for what it lacks, and takes only an answer that matches the short ids', () => {
    const { block, transfers } = blockWithTransfers();
    const compact = compactBlockOf(block, 5n);
    const fresh = () => new PartialBlock(compact, 'x', asCandidates([transfers[1]!]));
    expect(fresh().missing()).toEqual([1, 3]);
    expect(fresh().block()).toBe('incomplete');
    expect(fresh().fill([transfers[0]!])).toBe(false); // another count
    expect(fresh().fill([transfers[2]!, transfers[0]!])).toBe(false); // short ids of other slots
    const partial = fresh();
    expect(partial.fill([transfers[0]!, transfers[2]!])).toBe(true);
    expect(partial.block()).toEqual(block);
  });

  it('asks for a slot two of its transactions share a short id with, rather than guess', () => {
    const { block, transfers } = blockWithTransfers();
    const compact = compactBlockOf(block, 5n);
    const twin = { id: txid(transfers[0]!), tx: transfers[2]! };
    const partial = new PartialBlock(compact, 'x', [...asCandidates(transfers), twin]);
    expect(partial.missing()).toEqual([1]);
  });

  it('cannot rebuild a compact block with two slots of one short id, or one whose merkle root fails', () => {
    const { block, transfers } = blockWithTransfers();
    const compact: CompactBlockMessage = compactBlockOf(block, 5n);
    const doubled = { ...compact, shortIds: [compact.shortIds[0]!, compact.shortIds[0]!, compact.shortIds[2]!] };
    expect(new PartialBlock(doubled, 'x', asCandidates(transfers)).ambiguous).toBe(true);
    // A candidate the short id matches whose txid is not the one the header commits to (a collision).
    const key = shortIdKey(block.header, 5n);
    const other = transfer(ALICE, BOB, 1n, 9);
    const collided = { ...compact, shortIds: [shortIdOf(key, txid(other)), ...compact.shortIds.slice(1)] };
    const partial = new PartialBlock(collided, 'x', asCandidates([other, transfers[1]!, transfers[2]!]));
    expect(partial.missing()).toEqual([]);
    expect(partial.block()).toBe('mismatch');
  });
});
