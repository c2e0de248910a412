import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { bech32m } from '@scure/base';
import { sha256, sha256d, taggedHash } from '../../../src/core/crypto/hash';
import { fromHex, toHex, utf8 } from '../../../src/core/encoding/bytes';
import { decodeAddress, encodeAddress, AddressError } from '../../../src/core/primitives/address';
import { publicKeyOf, signSchnorr, verifySchnorr } from '../../../src/core/crypto/schnorr';
import { encodeTx, signTransfer, transferSigHash, txid, verifyTransferSignature, TX_KIND_TRANSFER } from '../../../src/core/primitives/tx';

const vectors = path.resolve(__dirname, '../../vectors');
const protocolDoc = fs.readFileSync(path.resolve(__dirname, '../../../docs/PROTOCOL.md'), 'utf8');

describe('BIP340 Schnorr vectors', () => {
  const rows = fs
    .readFileSync(path.join(vectors, 'bip340-schnorr.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

  it('has the published rows', () => expect(rows.length).toBeGreaterThanOrEqual(15));

  for (const [index, secret, pub, aux, msg, sig, result, comment] of rows) {
    it(`vector ${index}${comment ? `: ${comment}` : ''}`, () => {
      const expected = result === 'TRUE';
      // Through our own wrappers (core/crypto/schnorr.ts), which transfers and handshakes use.
      if (secret) {
        expect(toHex(publicKeyOf(fromHex(secret))).toUpperCase()).toBe(pub);
        expect(toHex(signSchnorr(fromHex(msg!), fromHex(secret), fromHex(aux!))).toUpperCase()).toBe(sig);
      }
      expect(verifySchnorr(fromHex(sig!), fromHex(msg!), fromHex(pub!))).toBe(expected);
    });
  }

  it('treats a key or signature of the wrong length as invalid, without throwing', () => {
    const [, , pub, , msg, sig] = rows[0]!;
    expect(verifySchnorr(fromHex(sig!), fromHex(msg!), fromHex(pub!))).toBe(true);
    expect(verifySchnorr(fromHex(sig!), fromHex(msg!), fromHex(pub!).subarray(1))).toBe(false);
    expect(verifySchnorr(fromHex(sig!).subarray(1), fromHex(msg!), fromHex(pub!))).toBe(false);
  });
});

describe('BIP350 bech32m vectors', () => {
  const data = JSON.parse(fs.readFileSync(path.join(vectors, 'bip350-bech32m.json'), 'utf8')) as {
    valid: string[];
    invalid: Array<{ string: string; reason: string }>;
  };

  it('decodes and re-encodes every valid string', () => {
    for (const s of data.valid) {
      const { prefix, words } = bech32m.decode(s as `${string}1${string}`, 90);
      expect(bech32m.encode(prefix, words, 90)).toBe(s.toLowerCase());
    }
  });

  it('rejects every invalid string', () => {
    expect(data.invalid.length).toBeGreaterThan(5);
    for (const { string } of data.invalid) expect(() => bech32m.decode(string as `${string}1${string}`, 90), string).toThrow();
  });

  it('addresses round-trip and reject typos, other networks and bad lengths', () => {
    const key = sha256(utf8('k'));
    const addr = encodeAddress('scrt', key);
    expect(addr.startsWith('scrt1')).toBe(true);
    expect(decodeAddress('scrt', addr)).toEqual(key);
    expect(decodeAddress('scrt', addr.toUpperCase())).toEqual(key);
    const typo = addr.slice(0, -1) + (addr.endsWith('q') ? 'p' : 'q');
    expect(() => decodeAddress('scrt', typo)).toThrow(/checksum/);
    expect(() => decodeAddress('sc', addr)).toThrow(/another network/);
    expect(() => decodeAddress('scrt', bech32m.encode('scrt', bech32m.toWords(new Uint8Array(20))))).toThrow(/32-byte/);
    expect(() => encodeAddress('scrt', new Uint8Array(31))).toThrow(AddressError);
  });
});

describe('SHA-256 known answers (FIPS 180-2 examples)', () => {
  it('hashes the standard messages', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('double-hashes Bitcoin\'s genesis header to its known hash', () => {
    const header = fromHex(
      '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c',
    );
    expect(toHex(sha256d(header).reverse())).toBe('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
  });

  it('tags hashes as BIP340 does', () => {
    const t = sha256(utf8('TapLeaf'));
    expect(taggedHash('TapLeaf', utf8('x'))).toEqual(sha256(new Uint8Array([...t, ...t, ...utf8('x')])));
  });
});

// The transfer vector printed in docs/PROTOCOL.md ("Transactions"): every byte of the signature
// message is consensus, so a change to the tag, the field order or a width shows here.
describe('the transfer signing vector in PROTOCOL.md', () => {
  const fill = (b: number) => new Uint8Array(32).fill(b);
  const unsigned = {
    kind: TX_KIND_TRANSFER,
    chainId: fill(0x47),
    sender: publicKeyOf(fill(1)),
    recipient: publicKeyOf(fill(2)),
    amount: 150_000_000n,
    fee: 1_000n,
    nonce: 7,
    memo: utf8('rent'),
  } as const;
  const encodedUnsigned =
    '0147474747474747474747474747474747474747474747474747474747474747471b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f4d4b6cd1361032ca9bd2aeb9d900aa4d45d9ead80ac9423374c451a7254d076680d1f00800000000e803000000000000070000000472656e74';
  const sigHash = 'dcdf7be819ef1de8162da0f34810b5b13d4b7a647f20713bf625ab1adfa467ff';
  const signature =
    '521d19637631fc9507006723b982574e62e2e7bfb8e49143549d9950b85a26e67a487849d8d6e83048bc60fa4a6e095da535830ace47f27513273c4159c4728b';
  const id = '5fe1d2de4806daaca169d2ba626549488784473430907f7e65d663b122ada971';

  it('encodes, hashes under the tag SimpleCoin/tx and signs to the printed bytes', () => {
    const tx = signTransfer(unsigned, fill(1), new Uint8Array(32));
    const encoded = encodeTx(tx);
    expect(toHex(encoded.subarray(0, encoded.length - 64))).toBe(encodedUnsigned);
    expect(toHex(transferSigHash(unsigned))).toBe(sigHash);
    expect(taggedHash('SimpleCoin/tx', fromHex(encodedUnsigned))).toEqual(fromHex(sigHash));
    expect(toHex(tx.signature)).toBe(signature);
    expect(verifyTransferSignature(tx)).toBe(true);
    expect(toHex(txid(tx))).toBe(id);
    for (const hex of [encodedUnsigned, sigHash, signature, id]) expect(protocolDoc).toContain(hex);
  });
});
