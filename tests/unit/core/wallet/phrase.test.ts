import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fromHex, toHex } from '../../../../src/core/encoding/bytes';
import { keyOfPhrase, phraseOfKey, PhraseError, wrongCheckWords } from '../../../../src/core/wallet/phrase';

// BIP39 English vectors (trezor/python-mnemonic): entropy and the mnemonic it encodes.
const vectors: Array<[string, string]> = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../vectors/bip39-english.json'), 'utf8')).english;
const keyVectors = vectors.filter(([entropy]) => entropy.length === 64);

describe('recovery phrase (BIP39 words of the secret key)', () => {
  it('has the published 256-bit vectors', () => expect(keyVectors.length).toBeGreaterThanOrEqual(6));

  for (const [entropy, mnemonic] of keyVectors) {
    const valid = !/^(00)+$|^(ff)+$/.test(entropy); // 0 and 2^256-1 are not secp256k1 secret keys
    it(`${entropy.slice(0, 8)}…: ${valid ? 'encodes and restores the same key' : 'is refused as a key'}`, () => {
      if (valid) {
        expect(phraseOfKey(fromHex(entropy))).toBe(mnemonic);
        expect(toHex(keyOfPhrase(mnemonic))).toBe(entropy);
        // Typed sloppily: upper case, extra spaces.
        expect(toHex(keyOfPhrase(`  ${mnemonic.toUpperCase().replace(/ /g, '   ')} `))).toBe(entropy);
      } else {
        expect(() => phraseOfKey(fromHex(entropy))).toThrow(PhraseError);
        expect(() => keyOfPhrase(mnemonic)).toThrow(/not a valid SimpleCoin key/);
      }
    });
  }

  it('says what is wrong with a mistyped phrase', () => {
    const words = keyVectors[1]![1].split(' ');
    expect(() => keyOfPhrase(words.slice(0, 23).join(' '))).toThrow(/24 words; this has 23/);
    expect(() => keyOfPhrase([...words.slice(0, 4), 'lgeal', ...words.slice(5)].join(' '))).toThrow(/Word 5, "lgeal"/);
    const swapped = [words[1], words[0], ...words.slice(2)].join(' ');
    expect(() => keyOfPhrase(swapped)).toThrow(/checksum/);
  });

  it('checks the words the user typed back', () => {
    const phrase = keyVectors[1]![1];
    const words = phrase.split(' ');
    expect(wrongCheckWords(phrase, new Map([[2, ` ${words[2]!.toUpperCase()}`], [20, words[20]!]]))).toEqual([]);
    expect(wrongCheckWords(phrase, new Map([[2, words[3]!], [20, words[20]!]]))).toEqual([2]);
  });
});
