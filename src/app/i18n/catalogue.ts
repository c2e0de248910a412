// The one message catalogue: English areas merged under prefixed keys. English is the source of
// the keys; every other language is a Translation of it (types.ts), so tsc refuses a missing or
// an extra key, and tests/unit/app/i18n.test.ts checks keys and {placeholders} at run time.
// Two parts: the shell (every view but Learn, and the errors) loads with the page; the Learn
// routes' messages (lesson texts) load with those routes (en/learn-area.ts and each language's).
import { appEn } from './en/app';
import { viewsEn } from './en/views';
import { walletEn } from './en/wallet';
import { errorsEn } from './en/errors';
import type { learnAreaEn } from './en/learn-area';
import { labEn } from './en/lab';
import { RULES, type RuleId } from '../../core/protocol/rules';
import type { Translation } from './types';

export type { PluralForms } from './types';

export const en = { ...appEn, ...viewsEn, ...walletEn, ...errorsEn, ...labEn } as const;
export type ShellKey = keyof typeof en;
export type LearnKey = keyof typeof learnAreaEn;
export type MessageKey = ShellKey | LearnKey;
export type Catalogue = Translation<typeof en>;
export type LearnCatalogue = Translation<typeof learnAreaEn>;

/** Each rule's plain-language explanation; English is core's own table (src/core/protocol/rules.ts). */
export type RuleTexts = Readonly<Record<RuleId, string>>;
export const rulesEn: RuleTexts = RULES;

/** What one language ships with the page: its shell messages and its rule explanations (rule IDs stay untranslated). */
export interface Language {
  messages: Catalogue;
  rules: RuleTexts;
}
export const english: Language = { messages: en, rules: rulesEn };
