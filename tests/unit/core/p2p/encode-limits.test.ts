// The codec's bounds at their edges, both ways: the encoder refuses what the decoder would refuse
// (so a node never sends a message its peers must drop), and each limit admits its own value.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { MAX_BLOCK_TXS, MAX_TX_BYTES } from '../../../../src/core/protocol/consensus';
import { MAX_LOCATOR_HASHES } from '../../../../src/core/chain/locator';
import { decodeMessage, encodeMessage, MAX_ADDR, MAX_HEADERS, type Message } from '../../../../src/core/p2p/messages';
import type { CompactBlockMessage } from '../../../../src/core/p2p/compact';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { Writer } from '../../../../src/core/encoding/writer';
import { writeHeader } from '../../../../src/core/primitives/header';

const hash = new Uint8Array(32);
const genesis = REGTEST.genesis;
const coinbase = genesis.txs[0]!;
const roundTrips = (m: Message) => expect(decodeMessage(encodeMessage(m))).toEqual(m);
const refused = (m: Message) => expect(() => encodeMessage(m)).toThrow(CodecError);
const compact = (shortIds: number[], prefilled: CompactBlockMessage['prefilled']): CompactBlockMessage => ({
  type: 'cmpctblock',
  header: genesis.header,
  nonce: 9n,
  shortIds,
  prefilled,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('getblocktxn indexes', () => {
  it('round-trip from index 0 to the last a block can have', () => {
    roundTrips({ type: 'getblocktxn', blockHash: hash, indexes: [0] });
    roundTrips({ type: 'getblocktxn', blockHash: hash, indexes: [0, 1, 7, MAX_BLOCK_TXS - 1] });
    roundTrips({ type: 'getblocktxn', blockHash: hash, indexes: range(MAX_BLOCK_TXS) });
  });

  it('refuse on encoding: none, too many, negative, fractional, beyond a block, repeated or decreasing', () => {
    refused({ type: 'getblocktxn', blockHash: hash, indexes: [] });
    refused({ type: 'getblocktxn', blockHash: hash, indexes: range(MAX_BLOCK_TXS + 1) });
    for (const bad of [[-1], [0.5], [MAX_BLOCK_TXS], [3, 3], [4, 3], [0, 2, 1]]) refused({ type: 'getblocktxn', blockHash: hash, indexes: bad });
  });

  it('refuse on decoding an index a block cannot have', () => {
    const asking = (i: number) => new Writer().u8(19).fixed(hash, 32).u32(1).u16(i).finish();
    expect(decodeMessage(asking(MAX_BLOCK_TXS - 1))).toEqual({ type: 'getblocktxn', blockHash: hash, indexes: [MAX_BLOCK_TXS - 1] });
    expect(() => decodeMessage(asking(MAX_BLOCK_TXS))).toThrow(/does not follow/);
  });
});

describe('compact blocks at their bounds', () => {
  it('round-trip a full block of short ids, the widest short id, and a prefilled last slot', () => {
    roundTrips(compact(range(MAX_BLOCK_TXS), []));
    roundTrips(compact([0, 2 ** 48 - 1], []));
    roundTrips(compact([5], [{ index: 1, tx: coinbase }]));
    roundTrips(compact([5, 6], [{ index: 0, tx: coinbase }, { index: 2, tx: coinbase }]));
  });

  it('refuse on encoding: no transactions, more than a block, a short id outside 48 bits, a bad prefilled index', () => {
    refused(compact([], []));
    refused(compact(range(MAX_BLOCK_TXS + 1), []));
    refused(compact(range(MAX_BLOCK_TXS), [{ index: 0, tx: coinbase }]));
    for (const id of [-1, 0.5, 2 ** 48]) refused(compact([id], []));
    refused(compact([5], [{ index: 2, tx: coinbase }]));
    refused(compact([5], [{ index: 1, tx: coinbase }, { index: 1, tx: coinbase }]));
    refused(compact([5, 6], [{ index: 2, tx: coinbase }, { index: 0, tx: coinbase }]));
  });

  it('refuse on decoding a prefilled count beyond what the short ids leave of a block', () => {
    const w = new Writer().u8(18);
    writeHeader(w, genesis.header);
    w.u64(1n).u32(MAX_BLOCK_TXS);
    for (let i = 0; i < MAX_BLOCK_TXS; i++) w.u32(i).u16(0);
    expect(() => decodeMessage(w.u32(1).finish())).toThrow(/count 1 exceeds 0/);
    // A count the remaining bytes cannot hold is refused before reading (2 + 86 bytes each at least).
    const short = new Writer().u8(18);
    writeHeader(short, genesis.header);
    expect(() => decodeMessage(short.u64(1n).u32(0).u32(1).fixed(new Uint8Array(87), 87).finish())).toThrow(/cannot fit in 87 bytes/);
  });
});

describe('the other bounded messages', () => {
  it('refuse on encoding more than the decoder takes, and take exactly the bound', () => {
    roundTrips({ type: 'addr', ids: new Array<string>(MAX_ADDR).fill('p') });
    refused({ type: 'addr', ids: new Array<string>(MAX_ADDR + 1).fill('p') });
    roundTrips({ type: 'getheaders', locator: new Array<Uint8Array>(MAX_LOCATOR_HASHES).fill(hash), stop: hash });
    refused({ type: 'getheaders', locator: new Array<Uint8Array>(MAX_LOCATOR_HASHES + 1).fill(hash), stop: hash });
    roundTrips({ type: 'headers', headers: new Array(MAX_HEADERS).fill(genesis.header) });
    refused({ type: 'headers', headers: new Array(MAX_HEADERS + 1).fill(genesis.header) });
    refused({ type: 'blocktxn', blockHash: hash, txs: new Array(MAX_BLOCK_TXS + 1).fill(coinbase) });
  });

  it('take a string of exactly its bound and refuse one byte more', () => {
    roundTrips({ type: 'reject', code: 'c'.repeat(32), reason: '' });
    refused({ type: 'reject', code: 'c'.repeat(33), reason: '' });
  });

  it('refuse a best work of 2^256 or more, and take 2^256 - 1', () => {
    const version = (bestWork: bigint): Message => ({
      type: 'version',
      protocolVersion: 5,
      minProtocolVersion: 3,
      genesis: hash,
      bestHeight: 0,
      bestWork,
      software: '',
      nonce: 0n,
      nodeKey: hash,
      challenge: hash,
      peerId: '',
    });
    roundTrips(version(2n ** 256n - 1n));
    refused(version(2n ** 256n));
  });

  it('carry a block message longer than any transaction, and refuse such a tx message', () => {
    const bytes = new Uint8Array(MAX_TX_BYTES + 1).fill(7);
    roundTrips({ type: 'block', bytes });
    expect(() => decodeMessage(encodeMessage({ type: 'tx', bytes }))).toThrow(/exceeds/);
  });

  it('refuse an inv item of a type that is neither a transaction nor a block', () => {
    for (const type of [0, 3]) expect(() => decodeMessage(new Writer().u8(8).u32(1).u8(type).fixed(hash, 32).finish())).toThrow(/unknown inv type/);
  });
});
