// The recovery phrase's light half: its length, its error codes, the words as typed and the check
// of words typed back. Kept apart from phrase.ts, which holds the BIP39 English word list (~6 KB
// gzipped), so the errors' messages and the backup check load at startup while the word list loads
// only when a phrase is shown or restored (node/wallet.ts imports phrase.ts on demand).
// Reading path: beside it, with phrase.ts (src/core/READING.md).
import { CodedError } from '../protocol/coded-error';

export const PHRASE_WORDS = 24;

export const PHRASE_ERRORS = ['phrase-bad-key', 'phrase-word-count', 'phrase-unknown-word', 'phrase-checksum', 'phrase-not-key'] as const;
export type PhraseErrorCode = (typeof PHRASE_ERRORS)[number];

export class PhraseError extends CodedError<PhraseErrorCode> {
  override name = 'PhraseError';
}

/** The words of a phrase as the user typed them: lower case, whatever spaced them (empty pieces dropped, so no trim is needed). */
export const phraseWords = (text: string): string[] => text.toLowerCase().split(/\s+/).filter(Boolean);

/** Checks the words the user typed back at the positions asked (0-based); returns the wrong positions. */
export function wrongCheckWords(phrase: string, answers: ReadonlyMap<number, string>): number[] {
  const words = phraseWords(phrase);
  return [...answers].filter(([i, typed]) => words[i] !== typed.trim().toLowerCase()).map(([i]) => i);
}
