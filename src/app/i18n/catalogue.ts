// The one message catalogue: English areas merged under prefixed keys. English is the source of
// the keys; every other language is a Translation of it (types.ts), so tsc refuses a missing or
// an extra key, and tests/unit/app/i18n.test.ts checks keys and {placeholders} at run time.
// The shell (every view but Learn and the lab, and the errors) loads with the page; the Learn
// routes' messages (en/learn-area.ts: the lesson texts) and the lab's (en/lab.ts), each in every
// language, load with those views (i18n.ts, loadMessages).
import { appEn } from './en/app';
import { viewsEn } from './en/views';
import { walletEn } from './en/wallet';
import { errorsEn } from './en/errors';
import type { learnAreaEn } from './en/learn-area';
import type { labEn } from './en/lab';
import { RULES, type RuleId } from '../../core/protocol/rules';
import type { Translation } from './types';

export type { PluralForms } from './types';

export const en = { ...appEn, ...viewsEn, ...walletEn, ...errorsEn } as const;
/** The English source of each view's messages that load with the view. */
interface ViewAreas {
  learn: typeof learnAreaEn;
  lab: typeof labEn;
}
export type ViewArea = keyof ViewAreas;
export type ShellKey = keyof typeof en;
export type MessageKey = ShellKey | { [A in ViewArea]: keyof ViewAreas[A] }[ViewArea];
export type Catalogue = Translation<typeof en>;
export type AreaCatalogue<A extends ViewArea> = Translation<ViewAreas[A]>;
export type LearnCatalogue = AreaCatalogue<'learn'>;

/** Each rule's plain-language explanation; English is core's own table (src/core/protocol/rules.ts). */
export type RuleTexts = Readonly<Record<RuleId, string>>;
export const rulesEn: RuleTexts = RULES;

/** What one language ships with the page: its shell messages and its rule explanations (rule IDs stay untranslated). */
export interface Language {
  messages: Catalogue;
  rules: RuleTexts;
}
export const english: Language = { messages: en, rules: rulesEn };
