// The recovery phrase: the wallet's 32-byte secret key written as 24 BIP39 English words.
// The words encode the key itself (BIP39 entropy = the secret key, its checksum the last 8 bits),
// as Nimiq's legacy accounts do, so the phrase restores exactly the same key. It is not a BIP39
// seed for BIP32 derivation: a phrase from another wallet restores a different key.
// The app loads this module on demand (node/wallet.ts): the word list is not needed at startup.
// Reading path: beside it, after stops 2 and 5 (src/core/READING.md).
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { utils } from '@noble/secp256k1';
import { PHRASE_WORDS, PhraseError, phraseWords } from './phrase-words';

// The light half, re-exported so the phrase has one import for tests and tools (the app loads it apart).
export * from './phrase-words';

/** The 24 words of a secret key. */
export function phraseOfKey(secret: Uint8Array): string {
  if (secret.length !== 32 || !utils.isValidSecretKey(secret)) throw new PhraseError('phrase-bad-key', 'This is not a valid secret key.');
  return entropyToMnemonic(secret, wordlist);
}

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
