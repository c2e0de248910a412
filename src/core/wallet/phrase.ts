// The recovery phrase: the wallet's 32-byte secret key written as 24 BIP39 English words.
// The words encode the key itself (BIP39 entropy = the secret key, its checksum the last 8 bits),
// as Nimiq's legacy accounts do, so the phrase restores exactly the same key. It is not a BIP39
// seed for BIP32 derivation: a phrase from another wallet restores a different key.
// Reading path: beside it, after stops 2 and 5 (src/core/READING.md).
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { utils } from '@noble/secp256k1';
import { CodedError } from '../protocol/coded-error';

export const PHRASE_WORDS = 24;

export const PHRASE_ERRORS = ['phrase-bad-key', 'phrase-word-count', 'phrase-unknown-word', 'phrase-checksum', 'phrase-not-key'] as const;
export type PhraseErrorCode = (typeof PHRASE_ERRORS)[number];

export class PhraseError extends CodedError<PhraseErrorCode> {
  override name = 'PhraseError';
}

/** The 24 words of a secret key. */
export function phraseOfKey(secret: Uint8Array): string {
  if (secret.length !== 32 || !utils.isValidSecretKey(secret)) throw new PhraseError('phrase-bad-key', 'This is not a valid secret key.');
  return entropyToMnemonic(secret, wordlist);
}

/** The words of a phrase as the user typed them: lower case, whatever spaced them (empty pieces dropped, so no trim is needed). */
export const phraseWords = (text: string): string[] => text.toLowerCase().split(/\s+/).filter(Boolean);

/** The secret key a phrase encodes; throws PhraseError saying what is wrong with it. */
export function keyOfPhrase(text: string): Uint8Array {
  const words = phraseWords(text);
  if (words.length !== PHRASE_WORDS) throw new PhraseError('phrase-word-count', `A recovery phrase has ${PHRASE_WORDS} words; this has ${words.length}.`, { words: PHRASE_WORDS, count: words.length });
  const unknown = words.findIndex((w) => !wordlist.includes(w));
  if (unknown >= 0) throw new PhraseError('phrase-unknown-word', `Word ${unknown + 1}, "${words[unknown]}", is not in the BIP39 English word list. Check its spelling.`, { index: unknown + 1, word: words[unknown] ?? '' });
  let secret: Uint8Array;
  try {
    secret = mnemonicToEntropy(words.join(' '), wordlist);
  } catch {
    throw new PhraseError('phrase-checksum', 'The words do not fit together (the checksum fails): one is wrong or two are swapped.');
  }
  if (!utils.isValidSecretKey(secret)) throw new PhraseError('phrase-not-key', 'These words are a valid BIP39 phrase but not a valid SimpleCoin key.');
  return secret;
}

/** Checks the words the user typed back at the positions asked (0-based); returns the wrong positions. */
export function wrongCheckWords(phrase: string, answers: ReadonlyMap<number, string>): number[] {
  const words = phraseWords(phrase);
  return [...answers].filter(([i, typed]) => words[i] !== typed.trim().toLowerCase()).map(([i]) => i);
}
