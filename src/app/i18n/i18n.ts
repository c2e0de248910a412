// The message catalogue's runtime: the active locale, t(key, params) and Intl formatting in it.
//
// Why our own and not Paraglide: Paraglide compiles an inlang project into one function per
// message, which needs its CLI and a Vite plugin and generates code we would review on every
// change. What the app needs is small: typed keys (en/ is the source, es/ and de/ are typed to the
// same keys, so a missing or extra key fails `tsc`), {placeholders}, plurals through
// Intl.PluralRules and numbers through Intl.NumberFormat. That is this file, under 130 lines, and
// the other languages load on demand, so the initial bundle carries English only. The messages
// of the Learn routes and of the lab load with those views (loadMessages), in the active language.
import { createSubscriber } from 'svelte/reactivity';
import { en, english, type AreaCatalogue, type Catalogue, type Language, type MessageKey, type PluralForms, type ViewArea } from './catalogue';

export const LOCALES = ['en', 'es', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language in its own name: what the language picker shows. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', de: 'Deutsch' };
export const LOCALE_STORAGE_KEY = 'simplecoin.locale';

const LOADERS: Record<Locale, () => Promise<Language>> = {
  en: () => Promise.resolve(english),
  es: () => import('./es').then((m) => m.spanish),
  de: () => import('./de').then((m) => m.german),
};

const AREA_LOADERS: { [A in ViewArea]: Record<Locale, () => Promise<AreaCatalogue<A>>> } = {
  learn: {
    en: () => import('./en/learn-area').then((m) => m.learnAreaEn),
    es: () => import('./es/learn-area').then((m) => m.learnAreaEs),
    de: () => import('./de/learn-area').then((m) => m.learnAreaDe),
  },
  lab: {
    en: () => import('./en/lab').then((m) => m.labEn),
    es: () => import('./es/lab').then((m) => m.labEs),
    de: () => import('./de/lab').then((m) => m.labDe),
  },
};

export type Param = string | number | bigint;
export type Params = Readonly<Record<string, Param>>;

let active: Locale = 'en';
let messages: Catalogue = en;
let rules = english.rules;
type Messages = Readonly<Record<string, string | PluralForms>>;
/** A view's messages loaded so far, by language; a language switch loads its own once it was wanted. */
const areas: Record<ViewArea, Partial<Record<Locale, Messages>>> = { learn: {}, lab: {} };
const wanted = new Set<ViewArea>();
let numberFormat = new Intl.NumberFormat(active);
let pluralRules = new Intl.PluralRules(active);
let changed: () => void = () => undefined;
// Views that call t() inside an effect re-run when the locale changes; outside one this is a no-op.
const track = createSubscriber((update) => {
  changed = update;
  return () => (changed = () => undefined);
});

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The first supported language in the browser's preference list ("es-ES" → es), else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

export function locale(): Locale {
  track();
  return active;
}

/** Makes `language` the active one (tests and setLocale; no loading, no storage). */
export function useLanguage(next: Locale, language: Language): void {
  active = next;
  messages = language.messages;
  rules = language.rules;
  numberFormat = new Intl.NumberFormat(next);
  pluralRules = new Intl.PluralRules(next);
  changed();
}

/** Loads the language's catalogue, makes it active, remembers the choice and sets <html lang>. */
export async function setLocale(next: Locale, storage: Pick<Storage, 'setItem'> | null = null): Promise<void> {
  const [language] = await Promise.all([LOADERS[next](), ...[...wanted].map((area) => loadArea(area, next))]);
  useLanguage(next, language);
  storage?.setItem(LOCALE_STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Makes a language's messages for a view available (tests, and loadMessages). */
export function useMessages<A extends ViewArea>(area: A, lang: Locale, catalogue: AreaCatalogue<A>): void {
  areas[area][lang] = catalogue;
  if (lang === active) changed();
}

async function loadArea<A extends ViewArea>(area: A, lang: Locale): Promise<void> {
  if (!areas[area][lang]) useMessages(area, lang, await AREA_LOADERS[area][lang]());
}

/** Loads a view's messages in the active language (and in any language chosen later). */
export async function loadMessages(area: ViewArea): Promise<void> {
  wanted.add(area);
  await loadArea(area, active);
}

/** The saved choice, else the browser's languages. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): Locale {
  const saved = storage?.getItem(LOCALE_STORAGE_KEY);
  return isLocale(saved) ? saved : pickLocale(languages);
}

export function formatNumber(n: number | bigint): string {
  track();
  return numberFormat.format(n);
}

/** A number with a fixed count of decimals and no grouping, in the active locale ("1.5" / "1,5"). */
export function formatDecimal(n: number, digits: number): string {
  track();
  return new Intl.NumberFormat(active, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

export function formatDate(seconds: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  track();
  return new Intl.DateTimeFormat(active, options).format(new Date(seconds * 1000));
}

/** The {names} a message uses, over all its plural forms: what every language must keep. */
export function placeholders(message: string | PluralForms): string[] {
  const text = typeof message === 'string' ? message : Object.values(message).join(' ');
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))].sort();
}

/** The active language's message, else English's; undefined only for a view's message not loaded yet. */
function lookup(key: MessageKey): string | PluralForms | undefined {
  const shell = messages as Readonly<Record<string, string | PluralForms>>;
  if (key in shell) return shell[key] ?? (en as Readonly<Record<string, string | PluralForms>>)[key];
  for (const area of Object.values(areas)) {
    const message = area[active]?.[key] ?? area.en?.[key];
    if (message !== undefined) return message;
  }
  return undefined;
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'string' ? value : numberFormat.format(value);
  });
}

/**
 * The message `key` in the active language with its {placeholders} filled: numbers and bigints
 * are formatted for the locale (pass a string to show digits as they are, e.g. a nonce). A plural
 * message picks its form by params.count.
 */
export function t(key: MessageKey, params: Params = {}): string {
  track();
  const message = lookup(key);
  if (message === undefined) return key;
  if (typeof message === 'string') return fill(message, params);
  const count = Number(params.count ?? 0);
  const form = (message as PluralForms)[pluralRules.select(count)] ?? message.other;
  return fill(form, params);
}

/** A rule's plain-language explanation in the active language; the rule ID itself never changes. */
export function explainRule(code: string, fallback = ''): string {
  track();
  return (rules as Readonly<Record<string, string>>)[code] ?? fallback;
}


/** A piece of a message: text, or the name of a {slot} the view fills with an element (a link, a bold figure). */
export type MessagePart = { text: string; slot: null } | { text: ''; slot: string };

/**
 * The message split at the {placeholders} not given in params, so a view can put elements there
 * while each language keeps its own word order.
 */
export function tParts(key: MessageKey, params: Params = {}): MessagePart[] {
  const filled = t(key, params);
  return filled.split(/(\{\w+\})/).flatMap((piece): MessagePart[] => {
    const slot = /^\{(\w+)\}$/.exec(piece)?.[1];
    if (slot) return [{ text: '', slot }];
    return piece ? [{ text: piece, slot: null }] : [];
  });
}
