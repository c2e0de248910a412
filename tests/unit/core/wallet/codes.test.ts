// Every refusal a person can meet below the app layer carries a stable code and the params the app
// words it with (src/app/i18n/errors.ts); each rule here at its edge. Mutation testing found the
// codes, and several bounds, unpinned (docs/RELIABILITY.md).
import { describe, expect, it } from 'vitest';
import { bech32m } from '@scure/base';
import { AddressError, decodeAddress, encodeAddress } from '../../../../src/core/primitives/address';
import { keyOfPhrase, phraseOfKey, phraseWords, PhraseError } from '../../../../src/core/wallet/phrase';
import { AmountError, parseCoins } from '../../../../src/core/wallet/amount';
import { prepareTransfer, SendError, suggestFee, transferSize } from '../../../../src/core/wallet/send';
import { parsePaymentRequest } from '../../../../src/core/wallet/request';
import { blockSubsidy, classroomNetwork, MAIN, networkByName, parseClassroomName, REGTEST } from '../../../../src/core/protocol/networks';
import { MAX_MEMO_BYTES, MAX_MONEY, MIN_TX_FEE } from '../../../../src/core/protocol/consensus';
import { bytesEqual, bytesToBigIntBE } from '../../../../src/core/encoding/bytes';
import { Writer } from '../../../../src/core/encoding/writer';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { encodeTx, decodeTx, TX_KIND_COINBASE, type CoinbaseTx } from '../../../../src/core/primitives/tx';
import { decodeBlock, MIN_TX_BYTES } from '../../../../src/core/primitives/block';
import { encodeHeader, NONCE_OFFSET } from '../../../../src/core/primitives/header';
import { COINBASE_BASE_BYTES, MAX_BLOCK_BYTES, MAX_BLOCK_TXS } from '../../../../src/core/protocol/consensus';
import { paymentLink } from '../../../../src/core/wallet/request';
import { raiseUncaught } from '../../../../src/core/util/fault';
import { vi } from 'vitest';
import { ALICE, BOB } from '../helpers';

/** What fn throws: its class name, code and params. */
function refusal(fn: () => unknown): { name: string; code: string; params: unknown } | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    const err = e as { name: string; code: string; params: unknown };
    return { name: err.name, code: err.code, params: err.params };
  }
}

describe('addresses', () => {
  const good = encodeAddress(REGTEST.hrp, ALICE.pub);
  it('refuse each kind of wrong address with its own code', () => {
    expect(refusal(() => encodeAddress(REGTEST.hrp, new Uint8Array(31)))).toMatchObject({ name: 'AddressError', code: 'address-key-length' });
    expect(refusal(() => decodeAddress(REGTEST.hrp, `${good.slice(0, -1)}${good.endsWith('q') ? 'p' : 'q'}`))).toMatchObject({ code: 'address-checksum' });
    expect(refusal(() => decodeAddress(MAIN.hrp, good))).toMatchObject({ code: 'address-network', params: { prefix: REGTEST.hrp, hrp: MAIN.hrp } });
    const short = bech32m.encode(REGTEST.hrp, bech32m.toWords(new Uint8Array(20)), 90);
    expect(refusal(() => decodeAddress(REGTEST.hrp, short))).toMatchObject({ code: 'address-length' });
    // 53 five-bit words: 265 bits, whose last 1 bit of padding is not zero.
    const padded = bech32m.encode(REGTEST.hrp, [...bech32m.toWords(ALICE.pub).slice(0, 52), 31], 90);
    expect(refusal(() => decodeAddress(REGTEST.hrp, padded))).toMatchObject({ code: 'address-padding' });
    expect(decodeAddress(REGTEST.hrp, `  ${good} `)).toEqual(ALICE.pub);
    expect(new AddressError('address-length', 'x')).toBeInstanceOf(Error);
  });
});

describe('recovery phrases', () => {
  const phrase = phraseOfKey(ALICE.secret);
  it('refuse each kind of wrong phrase with its own code and params', () => {
    expect(refusal(() => phraseOfKey(new Uint8Array(31).fill(1)))).toMatchObject({ name: 'PhraseError', code: 'phrase-bad-key' });
    expect(refusal(() => phraseOfKey(new Uint8Array(32)))).toMatchObject({ code: 'phrase-bad-key' });
    const words = phrase.split(' ');
    expect(refusal(() => keyOfPhrase(words.slice(1).join(' ')))).toMatchObject({ code: 'phrase-word-count', params: { words: 24, count: 23 } });
    expect(refusal(() => keyOfPhrase(['zzzz', ...words.slice(1)].join(' ')))).toMatchObject({ code: 'phrase-unknown-word', params: { index: 1, word: 'zzzz' } });
    expect(refusal(() => keyOfPhrase([...words.slice(0, 5), 'qqq', ...words.slice(6)].join(' ')))).toMatchObject({ params: { index: 6, word: 'qqq' } });
    expect(refusal(() => keyOfPhrase([words[1], words[0], ...words.slice(2)].join(' ')))).toMatchObject({ code: 'phrase-checksum' });
    // All-zero entropy is a valid BIP39 phrase ("abandon … art") but not a secp256k1 secret key.
    expect(refusal(() => keyOfPhrase(`${'abandon '.repeat(23)}art`))).toMatchObject({ code: 'phrase-not-key' });
    expect(new PhraseError('phrase-checksum', 'x')).toBeInstanceOf(Error);
  });

  it('read the words however they were spaced or cased, and nothing from blank text', () => {
    expect(phraseWords('')).toEqual([]);
    expect(phraseWords(' \n ')).toEqual([]);
    expect(phraseWords(`  ${phrase.toUpperCase().split(' ').join(' \n\t ')}  `)).toEqual(phrase.split(' '));
    expect(keyOfPhrase(` ${phrase.split(' ').join('   ')} `)).toEqual(ALICE.secret);
  });
});

describe('amounts', () => {
  it('say which is wrong: too many decimals, or not a number', () => {
    expect(refusal(() => parseCoins('1.123456789'))).toMatchObject({ name: 'AmountError', code: 'amount-decimals', params: { decimals: 8 } });
    expect(refusal(() => parseCoins('.123456789'))).toMatchObject({ code: 'amount-decimals' });
    expect(refusal(() => parseCoins('a1.123456789'))).toMatchObject({ code: 'amount-format' });
    expect(refusal(() => parseCoins('1.123456789x'))).toMatchObject({ code: 'amount-format' });
    expect(refusal(() => parseCoins('12.123456789'))).toMatchObject({ code: 'amount-decimals' });
    expect(refusal(() => parseCoins('.5x'))).toMatchObject({ code: 'amount-format' });
    expect(refusal(() => parseCoins('.55'))).toBe('ok');
    expect(refusal(() => parseCoins('abc'))).toMatchObject({ code: 'amount-format' });
    expect(parseCoins('.12345678')).toBe(12_345_678n);
    expect(parseCoins('.5')).toBe(50_000_000n);
    expect(new AmountError('amount-format', 'x')).toBeInstanceOf(Error);
  });
});

describe('sending', () => {
  const base = { params: REGTEST, to: encodeAddress(REGTEST.hrp, BOB.pub), amount: 5n, fee: MIN_TX_FEE, sender: ALICE.pub, nonce: 0, spendable: 10n ** 12n };
  it('names the field and code of each refusal, at each bound', () => {
    expect(refusal(() => prepareTransfer({ ...base, to: 'nonsense' }))).toMatchObject({ name: 'SendError', code: 'address-checksum' });
    expect(refusal(() => prepareTransfer({ ...base, fee: MIN_TX_FEE - 1n }))).toMatchObject({ code: 'send-fee-low', params: { units: MIN_TX_FEE.toString(), minimum: MIN_TX_FEE } });
    expect(refusal(() => prepareTransfer({ ...base, fee: MIN_TX_FEE }))).toBe('ok');
    const rich = { ...base, spendable: MAX_MONEY * 2n };
    expect(refusal(() => prepareTransfer({ ...rich, amount: MAX_MONEY - MIN_TX_FEE }))).toBe('ok');
    expect(refusal(() => prepareTransfer({ ...rich, amount: MAX_MONEY - MIN_TX_FEE + 1n }))).toMatchObject({ code: 'send-too-much' });
    expect(refusal(() => prepareTransfer({ ...rich, amount: MAX_MONEY, fee: MAX_MONEY }))).toMatchObject({ code: 'send-too-much' });
    expect(refusal(() => prepareTransfer({ ...base, memo: 'x'.repeat(MAX_MEMO_BYTES) }))).toBe('ok');
    expect(refusal(() => prepareTransfer({ ...base, memo: 'x'.repeat(MAX_MEMO_BYTES + 1) }))).toMatchObject({ code: 'send-memo-long', params: { max: MAX_MEMO_BYTES } });
    expect(refusal(() => prepareTransfer({ ...base, spendable: 5n + MIN_TX_FEE }))).toBe('ok');
    expect(refusal(() => prepareTransfer({ ...base, spendable: 4n + MIN_TX_FEE }))).toMatchObject({ code: 'send-insufficient' });
    const fail = (() => {
      try {
        prepareTransfer({ ...base, to: 'nonsense' });
      } catch (e) {
        return e as SendError;
      }
    })();
    expect(fail?.field).toBe('to');
    expect(prepareTransfer(base).memo).toEqual(new Uint8Array(0));
  });

  it('suggests at least the consensus minimum, and the rate times the size above it', () => {
    expect(suggestFee(0n, 0)).toBe(MIN_TX_FEE);
    expect(suggestFee(1_000n, 0)).toBe(1_000n * BigInt(transferSize(0)));
  });
});

describe('payment requests, at their edges', () => {
  const address = encodeAddress(REGTEST.hrp, ALICE.pub);
  it('read only a simplecoin: prefix at the start, the whole address, the amount whole, and a route anywhere', () => {
    expect(parsePaymentRequest(`xsimplecoin:${address}`)).toBeNull();
    expect(parsePaymentRequest(`SIMPLECOIN:${address}`)).toMatchObject({ to: address });
    expect(parsePaymentRequest(`${address}!`)).toBeNull();
    expect(parsePaymentRequest(`!${address}`)).toBeNull();
    expect(parsePaymentRequest(`#/wallet/pay/${address}?amount=1.5`)).toEqual({ to: address, amount: '1.5' });
    expect(parsePaymentRequest(`${address}?amount=12.5`)).toEqual({ to: address, amount: '12.5' });
    expect(parsePaymentRequest(`${address}?amount=%E0%A4%A`)).toEqual({ to: address, amount: '' });
    expect(parsePaymentRequest(`${address}?amount=%31`)).toEqual({ to: address, amount: '1' });
    expect(paymentLink('http://x/', address, ' 2 ')).toBe(`http://x/#/wallet/pay/${address}?amount=2`);
  });
});

describe('network names', () => {
  it('name a class with 1 to 20 characters and a round from 1 to 9999, and say which is wrong', () => {
    expect(refusal(() => parseClassroomName('a'.repeat(21)))).toMatchObject({ name: 'NetworkNameError', code: 'class-name-invalid', params: { name: 'a'.repeat(21), max: 20 } });
    expect(parseClassroomName(' Physics.9999 ')).toEqual({ name: 'physics', round: 9999 });
    for (const round of ['0', '10000', '1x', 'x1', '01'])
      expect(refusal(() => parseClassroomName(`physics.${round}`))).toMatchObject({ code: 'class-round-invalid', params: { name: `physics.${round}`, max: 9999 } });
    expect(parseClassroomName('physics.1').round).toBe(1);
  });

  it('make lab- with a name a lab, and lab- alone an ordinary class', () => {
    expect(classroomNetwork('lab-x').lab).toBe(true);
    expect(classroomNetwork('lab-').lab).toBe(false);
    expect(networkByName('regtest')).toBe(REGTEST);
    expect(classroomNetwork('regtest')).toBe(REGTEST);
    expect(classroomNetwork('regtest.2').name).toBe('regtest.2');
  });

  it('pay no subsidy from the 64th halving on', () => {
    const interval = REGTEST.halvingInterval;
    expect(blockSubsidy(REGTEST, 63 * interval)).toBe(REGTEST.initialSubsidy >> 63n);
    expect(blockSubsidy(REGTEST, 64 * interval)).toBe(0n);
    expect(blockSubsidy(REGTEST, 1_000 * interval)).toBe(0n);
    // What makes the shift alone enough: every network's subsidy is below 2^64.
    for (const p of [MAIN, REGTEST, classroomNetwork('room')]) expect(p.initialSubsidy < 1n << 64n).toBe(true);
  });
});

describe('bytes and writers', () => {
  it('compare bytes by length first, and every byte', () => {
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2, 0]), new Uint8Array([1, 2]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesToBigIntBE(new Uint8Array(0))).toBe(0n);
    expect(bytesToBigIntBE(new Uint8Array([1, 0]))).toBe(256n);
  });

  it('grow past any capacity, and refuse values outside each width', () => {
    const w = new Writer(1);
    for (let i = 0; i < 300; i++) w.u8(i & 0xff);
    w.fixed(new Uint8Array(1000).fill(7), 1000);
    const out = w.finish();
    expect(out.length).toBe(1300);
    expect(out[299]).toBe(299 & 0xff);
    expect(out[1299]).toBe(7);
    expect(new Writer(2).u16(0xffff).finish()).toEqual(new Uint8Array([0xff, 0xff]));
    expect(() => new Writer().u16(0x10000)).toThrow(CodecError);
    for (const bad of [-1, 1.5, 256]) expect(() => new Writer().u8(bad)).toThrow(CodecError);
    expect(new Writer().u8(255).finish()).toEqual(new Uint8Array([255]));
    for (const bad of [-1, 1.5, 2 ** 32]) expect(() => new Writer().u32(bad)).toThrow(CodecError);
    expect(new Writer().u64((1n << 64n) - 1n).finish()).toEqual(new Uint8Array(8).fill(0xff));
    expect(() => new Writer().u64(1n << 64n)).toThrow(CodecError);
    expect(() => new Writer().u64(-1n)).toThrow(CodecError);
    expect(new CodecError('x').name).toBe('CodecError');
  });
});

describe('transactions', () => {
  const coinbase: CoinbaseTx = { kind: TX_KIND_COINBASE, chainId: REGTEST.genesisHash, height: 1, recipient: ALICE.pub, amount: 5n, extraNonce: 0n, memo: new Uint8Array(0) };
  it('are at least a coinbase without a memo long', () => {
    expect(encodeTx(coinbase).length).toBe(COINBASE_BASE_BYTES);
    expect(MIN_TX_BYTES).toBe(COINBASE_BASE_BYTES);
  });

  it('of an unknown kind do not decode, even when the rest reads as a coinbase', () => {
    const bytes = encodeTx(coinbase);
    expect(decodeTx(bytes)).toMatchObject({ kind: TX_KIND_COINBASE, amount: 5n });
    bytes[0] = 7;
    expect(() => decodeTx(bytes)).toThrow(CodecError);
  });
});

describe('an error raised where it cannot propagate', () => {
  it('is thrown again outside the current call', () => {
    const later: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (fn: () => void) => later.push(fn));
    try {
      const bug = new Error('bug');
      raiseUncaught(bug);
      expect(later).toHaveLength(1);
      expect(() => later[0]?.()).toThrow(bug);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('networks and limits, as their names and bounds say', () => {
  it('name main and regtest so', () => {
    expect(MAIN).toMatchObject({ name: 'main', kind: 'main' });
    expect(REGTEST).toMatchObject({ name: 'regtest', kind: 'regtest' });
  });

  it('find the nonce in a header at NONCE_OFFSET, little-endian', () => {
    const bytes = encodeHeader({ version: 1, prevHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0x01020304 });
    expect(NONCE_OFFSET).toBe(bytes.length - 4);
    expect([...bytes.subarray(NONCE_OFFSET)]).toEqual([4, 3, 2, 1]);
  });

  it('decode no block counting more than MAX_BLOCK_TXS transactions, even when the bytes for them are there', () => {
    const header = encodeHeader(REGTEST.genesis.header);
    const body = (n: number) => {
      const w = new Writer(header.length + 4 + n * COINBASE_BASE_BYTES);
      w.fixed(header, header.length).u32(n);
      // All-zero bytes read as coinbases (kind 0) with an empty memo: the smallest transaction.
      w.fixed(new Uint8Array(n * COINBASE_BASE_BYTES), n * COINBASE_BASE_BYTES);
      return w.finish();
    };
    expect(decodeBlock(body(2)).txs).toHaveLength(2);
    // 524,288 block bytes / 86 bytes of the smallest transaction, rounded down.
    expect(MAX_BLOCK_TXS).toBe(6_096);
    expect(MAX_BLOCK_TXS).toBe(Math.floor(MAX_BLOCK_BYTES / COINBASE_BASE_BYTES));
    expect(decodeBlock(body(MAX_BLOCK_TXS)).txs).toHaveLength(MAX_BLOCK_TXS);
    expect(() => decodeBlock(body(MAX_BLOCK_TXS + 1))).toThrow(CodecError);
  });
});
