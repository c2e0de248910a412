// The one message catalogue: English areas merged under prefixed keys. English is the source of
// the keys; every other language is a Translation of it (types.ts), so tsc refuses a missing or
// an extra key, and tests/unit/app/i18n.test.ts checks keys and {placeholders} at run time.
import { appEn } from './en/app';
import { viewsEn } from './en/views';
import { learnEn } from './en/learn';
import { lessonsEn } from './en/lessons';
import { walletEn } from './en/wallet';
import { errorsEn } from './en/errors';
import { RULES, type RuleId } from '../../core/protocol/rules';
import type { Translation } from './types';

export type { PluralForms } from './types';

export const en = { ...appEn, ...viewsEn, ...learnEn, ...lessonsEn, ...walletEn, ...errorsEn } as const;
export type MessageKey = keyof typeof en;
export type Catalogue = Translation<typeof en>;

/** Each rule's plain-language explanation; English is core's own table (src/core/protocol/rules.ts). */
export type RuleTexts = Readonly<Record<RuleId, string>>;
export const rulesEn: RuleTexts = RULES;

/** What one language ships: its messages and its rule explanations (rule IDs stay untranslated). */
export interface Language {
  messages: Catalogue;
  rules: RuleTexts;
}
export const english: Language = { messages: en, rules: rulesEn };
