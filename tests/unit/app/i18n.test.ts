import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en, english, type Language, type PluralForms } from '../../../src/app/i18n/catalogue';
import { learnAreaEn } from '../../../src/app/i18n/en/learn-area';
import { learnAreaEs } from '../../../src/app/i18n/es/learn-area';
import { learnAreaDe } from '../../../src/app/i18n/de/learn-area';
import { labEn } from '../../../src/app/i18n/en/lab';
import { labEs } from '../../../src/app/i18n/es/lab';
import { labDe } from '../../../src/app/i18n/de/lab';
import { spanish } from '../../../src/app/i18n/es';
import { german } from '../../../src/app/i18n/de';
import { initialLocale, loadMessages, pickLocale, placeholders, setLocale, t, tParts, useLanguage, useMessages, explainRule, formatNumber, LOCALE_STORAGE_KEY } from '../../../src/app/i18n/i18n';
import { RULES } from '../../../src/core/protocol/rules';
import { headerStatus } from '../../../src/app/status';
import { relativeTime, formatHashRate } from '../../../src/app/format';
import { CLOSE_CODES, ERROR_CODES, closeKey, closeText, describeError, errorKey } from '../../../src/app/i18n/errors';
import { parseCoins } from '../../../src/core/wallet/amount';
import { keyOfPhrase } from '../../../src/core/wallet/phrase';
import { decodeAddress, encodeAddress } from '../../../src/core/primitives/address';
import { prepareTransfer } from '../../../src/core/wallet/send';
import { parseClassroomName, REGTEST } from '../../../src/core/protocol/networks';
import { parseSignalSpec } from '../../../src/net/signaling';
import { parseBackup } from '../../../src/storage/keystore';
import { StorageFullError } from '../../../src/storage/chain-db';

const LANGUAGES: Array<[string, Language]> = [
  ['es', spanish],
  ['de', german],
];
/** Each language whole: what loads with the page and what loads with the Learn routes and the lab. */
const source: Record<string, unknown> = { ...en, ...learnAreaEn, ...labEn };
const WHOLE: Array<[string, Record<string, unknown>]> = [
  ['es', { ...spanish.messages, ...learnAreaEs, ...labEs }],
  ['de', { ...german.messages, ...learnAreaDe, ...labDe }],
];
const keys = Object.keys(source).sort();

/**
 * Words a language borrowed from English or units everyone writes alike: a translation may equal
 * the English text only when every word of it is one of these (anything else is untranslated).
 */
const BORROWED = new Set(['Hash', 'hash', 'hashes', 'Nonce', 'nonce', 'Bits', 'CPU', 'H/s', 's', 'MB', 'min', 'h', 'Id', 'Mempool', 'Bytes', 'bytes', 'hex', 'coinbase', 'Start', 'Wallet', 'Explorer', 'Block', 'offline', 'Server', 'Peer', 'in', 'Miner', 'Version', 'Status', 'Text', 'UTF-8', 'Offset', 'Passphrase', 'no', '→', '←']);
const onlyBorrowed = (text: string) =>
  text
    .replace(/\{\w+\}/g, ' ')
    .split(/[\s()·:,.]+/)
    .filter(Boolean)
    .every((word) => BORROWED.has(word));

afterEach(() => useLanguage('en', english));

describe('the message catalogue', () => {
  it('keeps the page, the Learn routes and the lab apart: no key in two of them', () => {
    const keyCount = Object.keys(en).length + Object.keys(learnAreaEn).length + Object.keys(labEn).length;
    expect(keys.length).toBe(keyCount);
  });

  it.each(WHOLE)('%s has exactly the English keys, each of the same kind', (_, messages) => {
    expect(Object.keys(messages).sort()).toEqual(keys);
    for (const key of keys) {
      expect(typeof messages[key], key).toBe(typeof source[key]);
    }
  });

  it.each(WHOLE)('%s keeps every {placeholder} of each message, no more and no fewer', (_, messages) => {
    for (const key of keys) {
      expect(placeholders(messages[key] as string | PluralForms), key).toEqual(placeholders(source[key] as string | PluralForms));
    }
  });

  it.each(WHOLE)('%s has a plural form for each category its language uses', (code, messages) => {
    const categories = new Set(Array.from({ length: 201 }, (_, n) => new Intl.PluralRules(code).select(n)));
    for (const key of keys) {
      const message = messages[key] as string | PluralForms;
      if (typeof message === 'string') continue;
      for (const category of categories) expect(message[category] ?? (category === 'other' ? undefined : message.other), `${key} ${category}`).toBeTypeOf('string');
      expect(message.one, key).toBeTypeOf('string');
    }
  });

  it.each(WHOLE)('%s is translated, not copied: text equal to the English is only borrowed words', (_, messages) => {
    const copied = keys.filter((key) => {
      const english = source[key] as string | PluralForms;
      return JSON.stringify(messages[key]) === JSON.stringify(english) && !onlyBorrowed(typeof english === 'string' ? english : Object.values(english).join(' '));
    });
    expect(copied).toEqual([]);
  });

  it.each(LANGUAGES)('%s explains every rule ID and only those, in its own words', (_, language) => {
    expect(Object.keys(language.rules).sort()).toEqual(Object.keys(RULES).sort());
    for (const id of Object.keys(RULES) as Array<keyof typeof RULES>) expect(language.rules[id], id).not.toBe(RULES[id]);
  });
});

describe('the Learn routes\' messages', () => {
  it('load with those routes, in the active language and in any chosen later', async () => {
    expect(t('block.found', { nonce: '1' })).toBe('block.found');
    await loadMessages('learn');
    expect(t('block.found', { nonce: '1' })).toBe('Found nonce 1: the header hash is now below the target.');
    await setLocale('es');
    expect(t('block.found', { nonce: '1' })).toBe(learnAreaEs['block.found'].replace('{nonce}', '1'));
  });
});

describe('t()', () => {
  beforeAll(() => {
    useMessages('learn', 'en', learnAreaEn);
    useMessages('learn', 'es', learnAreaEs);
    useMessages('learn', 'de', learnAreaDe);
  });

  it('fills placeholders, picks plural forms and formats numbers for the active language', () => {
    expect(t('app.peers', { count: 1 })).toBe('1 peer');
    expect(t('app.peers', { count: 3 })).toBe('3 peers');
    expect(t('explorer.block', { height: 12345 })).toBe('Block 12,345');
    expect(t('block.found', { nonce: '12345' })).toBe('Found nonce 12345: the header hash is now below the target.');
    useLanguage('de', german);
    expect(t('app.peers', { count: 1 })).toBe('1 Peer');
    expect(t('explorer.block', { height: 12345 })).toBe('Block 12.345');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatHashRate(5_770_000)).toBe('5,77 MH/s');
    expect(relativeTime(0, 300)).toBe('vor 5 Min.');
    expect(headerStatus({ syncStatus: 'synced', peers: 0, signalingState: 'connected', browserOnline: true }).word).toBe('allein');
    useLanguage('es', spanish);
    expect(t('app.peers', { count: 2 })).toBe('2 pares');
    expect(headerStatus({ syncStatus: 'syncing 3/9', peers: 0, signalingState: 'connected', browserOnline: true }).word).toBe('sincronizando 3/9');
  });

  it('splits a message at the slots a view fills with elements', () => {
    expect(tParts('mine.paste')).toEqual([
      { text: 'Paste an address of this network, or open your ', slot: null },
      { text: '', slot: 'link' },
      { text: ' to use its address.', slot: null },
    ]);
  });

  it('explains a rule in the active language and keeps unknown codes to the fallback', () => {
    useLanguage('es', spanish);
    expect(explainRule('bad-merkle')).toMatch(/raíz de Merkle/);
    expect(explainRule('no-such-rule', 'as given')).toBe('as given');
  });
});

describe('choosing the language', () => {
  it('takes the first supported browser language, else English', () => {
    expect(pickLocale(['es-ES', 'en'])).toBe('es');
    expect(pickLocale(['fr-FR', 'de-AT'])).toBe('de');
    expect(pickLocale(['fr-FR'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('prefers the saved choice over the browser', () => {
    const saved = (value: string | null) => ({ getItem: (key: string) => (key === LOCALE_STORAGE_KEY ? value : null) });
    expect(initialLocale(saved('de'), ['es-ES'])).toBe('de');
    expect(initialLocale(saved('xx'), ['es-ES'])).toBe('es');
    expect(initialLocale(null, ['en-GB'])).toBe('en');
  });
});

/** Errors thrown below the app, as the user meets them: each through its real thrower. */
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};
const sender = new Uint8Array(32).fill(7);
const send = { params: REGTEST, to: encodeAddress(REGTEST.hrp, sender), amount: 5n, fee: 1_000_000n, sender, nonce: 0, spendable: 1n };
const SAMPLES: Array<[string, () => unknown]> = [
  ['amount-decimals', () => parseCoins('1.123456789')],
  ['amount-format', () => parseCoins('twelve')],
  ['phrase-word-count', () => keyOfPhrase('abandon ability')],
  ['address-checksum', () => decodeAddress(REGTEST.hrp, 'nonsense')],
  ['address-network', () => decodeAddress('other', encodeAddress(REGTEST.hrp, sender))],
  ['send-fee-low', () => prepareTransfer({ ...send, fee: 0n })],
  ['send-insufficient', () => prepareTransfer(send)],
  ['class-name-invalid', () => parseClassroomName('no spaces')],
  ['signal-format', () => parseSignalSpec('::', true)],
  ['backup-not-json', () => parseBackup('{')],
  ['storage-full', () => { throw new StorageFullError(); }],
];

describe('errors thrown below the app', () => {
  it.each([['en', english] as [string, Language], ...LANGUAGES])('%s has a message for every error code and every way a peer closes', (_, language) => {
    const missing = [...ERROR_CODES.map(errorKey), ...CLOSE_CODES.map(closeKey)].filter((key) => typeof (language.messages as Record<string, unknown>)[key] !== 'string');
    expect(missing).toEqual([]);
  });

  it('names no code twice', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it.each(SAMPLES)('%s: the English catalogue says what the thrower says; Spanish and German say it in their words', (code, fn) => {
    const error = thrown(fn) as Error & { code: string };
    expect(error.code).toBe(code);
    expect(describeError(error)).toBe(error.message);
    for (const [lang, language] of LANGUAGES) {
      useLanguage(lang as 'es' | 'de', language);
      const text = describeError(error);
      expect(text, lang).not.toBe(error.message);
      expect(text, lang).not.toMatch(/\{\w+\}/);
    }
  });

  it('writes an amount param in coins', () => {
    useLanguage('de', german);
    expect(describeError(thrown(() => prepareTransfer({ ...send, fee: 0n })))).toMatch(/1000 Einheiten \(0\.00001 Münzen\)/);
  });

  it('names a closed peer by its code in the active language', () => {
    expect(closeText('dead')).toBe('no answer to heartbeats');
    useLanguage('es', spanish);
    expect(closeText('dead')).toBe('sin respuesta a los latidos');
  });
});
