// The shape every language shares: the English catalogue's keys, each a string or plural forms.

/** Plural forms by Intl.PluralRules category; `other` is required and the fallback. */
export type PluralForms = { readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>;

/** A translation of an English area: the same keys (no more, no fewer), each of the same kind. */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : PluralForms };
