import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { bech32m } from '@scure/base';
import { sha256, sha256d, taggedHash } from '../../../src/core/crypto/hash';
import { fromHex, toHex, utf8 } from '../../../src/core/encoding/bytes';
import { decodeAddress, encodeAddress, AddressError } from '../../../src/core/primitives/address';
import { publicKeyOf, signSchnorr, verifySchnorr } from '../../../src/core/crypto/schnorr';

const vectors = path.resolve(__dirname, '../../vectors');

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
