import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeHeader, encodeHeader, type BlockHeader } from '../../../../src/core/primitives/header';
import { decodeTx, encodeTx, TX_KIND_COINBASE, TX_KIND_TRANSFER, type Tx } from '../../../../src/core/primitives/tx';
import { decodeBlock, encodeBlock } from '../../../../src/core/primitives/block';
import { decodeAccount, decodeUndo, encodeAccount, encodeUndo, type Account } from '../../../../src/core/state/account';
import { Reader } from '../../../../src/core/encoding/reader';
import { Writer } from '../../../../src/core/encoding/writer';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { COINBASE_BASE_BYTES, HEADER_BYTES, MAX_MEMO_BYTES, MAX_TX_BYTES, TRANSFER_BASE_BYTES } from '../../../../src/core/protocol/consensus';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const memo = fc.uint8Array({ maxLength: MAX_MEMO_BYTES });

const header: fc.Arbitrary<BlockHeader> = fc.record({ version: u32, prevHash: bytes32, merkleRoot: bytes32, time: u32, bits: u32, nonce: u32 });
const transferTx: fc.Arbitrary<Tx> = fc.record({
  kind: fc.constant(TX_KIND_TRANSFER),
  chainId: bytes32,
  sender: bytes32,
  recipient: bytes32,
  amount: u64,
  fee: u64,
  nonce: u32,
  memo,
  signature: fc.uint8Array({ minLength: 64, maxLength: 64 }),
});
const coinbaseTx: fc.Arbitrary<Tx> = fc.record({ kind: fc.constant(TX_KIND_COINBASE), chainId: bytes32, height: u32, recipient: bytes32, amount: u64, extraNonce: u64, memo });
const tx = fc.oneof(transferTx, coinbaseTx);
const account: fc.Arbitrary<Account> = fc.record({ balance: u64, nonce: u32, locked: fc.array(fc.record({ unlockHeight: u32, amount: u64 }), { maxLength: 5 }) });

const opts = { seed: 7, numRuns: 200 };

describe('every primitive codec round-trips', () => {
  it('header: always 80 bytes', () => {
    fc.assert(
      fc.property(header, (h) => {
        const b = encodeHeader(h);
        expect(b.length).toBe(HEADER_BYTES);
        expect(decodeHeader(b)).toEqual(h);
      }),
      opts,
    );
  });

  it('transactions of both kinds, their base size plus the memo, within MAX_TX_BYTES', () => {
    fc.assert(
      fc.property(tx, (t) => {
        const b = encodeTx(t);
        expect(b.length).toBe((t.kind === TX_KIND_TRANSFER ? TRANSFER_BASE_BYTES : COINBASE_BASE_BYTES) + t.memo.length);
        expect(b.length).toBeLessThanOrEqual(MAX_TX_BYTES);
        expect(decodeTx(b)).toEqual(t);
      }),
      opts,
    );
  });

  it('blocks', () => {
    fc.assert(fc.property(header, fc.array(tx, { maxLength: 6 }), (h, txs) => {
      expect(decodeBlock(encodeBlock({ header: h, txs }))).toEqual({ header: h, txs });
    }), opts);
  });

  it('accounts and undo data', () => {
    fc.assert(fc.property(account, (a) => {
      expect(decodeAccount(encodeAccount(a))).toEqual(a);
    }), opts);
    const undo = fc.array(fc.record({ key: bytes32, before: fc.option(account, { nil: null }) }), { maxLength: 5 });
    fc.assert(fc.property(undo, (u) => {
      expect(decodeUndo(encodeUndo(u))).toEqual(u);
    }), opts);
  });

  it('decoding any truncation or extension of a valid encoding fails cleanly', () => {
    fc.assert(
      fc.property(tx, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 }), (t, cut, extra) => {
        const b = encodeTx(t);
        expect(() => decodeTx(b.subarray(0, cut % b.length))).toThrow(CodecError);
        expect(() => decodeTx(new Uint8Array([...b, ...extra]))).toThrow(CodecError);
      }),
      opts,
    );
  });

  it('decoding random bytes never throws anything but CodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        for (const decode of [decodeTx, decodeBlock, decodeHeader, decodeAccount, decodeUndo]) {
          try {
            decode(b);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        }
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('bounded reader and checked writer', () => {
  it('refuses counts and lengths beyond their bounds before allocating', () => {
    const w = new Writer(1).u32(0xffffffff);
    expect(() => new Reader(w.finish()).count(10)).toThrow(/count 4294967295 exceeds 10/);
    expect(() => new Reader(new Writer().u32(5).finish()).count(10, 8)).toThrow(/cannot fit/);
    expect(() => new Reader(new Uint8Array([200])).bytes8(64)).toThrow(/exceeds 64/);
    expect(() => new Reader(new Writer().u32(100).finish()).bytes32(10)).toThrow(/exceeds 10/);
    expect(new Reader(new Writer().bytes32(new Uint8Array([1, 2])).finish()).bytes32(10)).toEqual(new Uint8Array([1, 2]));
    expect(new Reader(new Writer().u16(513).finish()).u16()).toBe(513);
  });

  it('refuses out-of-range values', () => {
    const w = new Writer(1);
    expect(() => w.u8(256)).toThrow(CodecError);
    expect(() => w.u16(-1)).toThrow(CodecError);
    expect(() => w.u32(2 ** 32)).toThrow(CodecError);
    expect(() => w.u64(-1n)).toThrow(CodecError);
    expect(() => w.fixed(new Uint8Array(3), 4)).toThrow(CodecError);
    const r = new Reader(new Uint8Array([1, 2]));
    expect(r.offset).toBe(0);
    expect(() => r.u32()).toThrow(/truncated/);
  });
});
