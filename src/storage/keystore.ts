// The wallet key store: one per origin, shared by all its tabs. The secret key is encrypted at
// rest: PBKDF2-SHA256 (600,000 iterations, OWASP 2023) stretches the passphrase into an AES-256-GCM
// key, through WebCrypto. The format is versioned; a backup file is the same record as JSON.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { base64 } from '@scure/base';
import { CodedError, type ErrorParams } from '../core/protocol/coded-error';
import type { PhraseErrorCode } from '../core/wallet/phrase-words';

export const KEYSTORE_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
const DB_NAME = 'simplecoin-wallet';

export interface EncryptedKey {
  format: 'simplecoin-wallet';
  version: typeof KEYSTORE_VERSION;
  kdf: { name: 'PBKDF2-SHA256'; iterations: number; salt: string };
  cipher: { name: 'AES-256-GCM'; iv: string; data: string };
  /** The account key (x-only public key, hex): shown while the wallet is locked. */
  publicKey: string;
  network: string;
  createdAt: number;
  backedUpAt: number | null;
}

interface WalletDB extends DBSchema {
  keys: { key: string; value: EncryptedKey };
}

/** Why the key store, a backup file or the node's wallet (src/node/wallet.ts) refuses. */
export const KEYSTORE_ERRORS = [
  'passphrase-short',
  'passphrase-mismatch',
  'passphrase-wrong',
  'wallet-exists',
  'wallet-missing',
  'wallet-locked',
  'wallet-key-mismatch',
  'backup-nothing',
  'backup-not-json',
  'backup-not-wallet',
  'backup-version',
  'backup-damaged',
  'backup-network',
  'backup-other-wallet',
  'backup-key-mismatch',
] as const;
export type KeystoreErrorCode = (typeof KEYSTORE_ERRORS)[number];

/** A wallet error; `field` names the form field the user should fix, if one caused it. */
export class KeystoreError extends CodedError<KeystoreErrorCode | PhraseErrorCode> {
  override name = 'KeystoreError';
  constructor(
    code: KeystoreErrorCode | PhraseErrorCode,
    message: string,
    readonly field: 'passphrase' | 'repeat' | 'file' | 'phrase' | null = null,
    params: ErrorParams = {},
  ) {
    super(code, message, params);
  }
}

export const MIN_PASSPHRASE = 8;

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number, subtle: SubtleCrypto): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function encryptSecret(secret: Uint8Array, passphrase: string, meta: { publicKey: string; network: string; now: number }, webcrypto: Crypto = crypto, iterations = PBKDF2_ITERATIONS): Promise<EncryptedKey> {
  if (passphrase.length < MIN_PASSPHRASE) throw new KeystoreError('passphrase-short', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`, 'passphrase', { min: MIN_PASSPHRASE });
  const salt = webcrypto.getRandomValues(new Uint8Array(16));
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, iterations, webcrypto.subtle);
  const data = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(meta.publicKey) }, key, secret as BufferSource));
  return {
    format: 'simplecoin-wallet',
    version: KEYSTORE_VERSION,
    kdf: { name: 'PBKDF2-SHA256', iterations, salt: base64.encode(salt) },
    cipher: { name: 'AES-256-GCM', iv: base64.encode(iv), data: base64.encode(data) },
    publicKey: meta.publicKey,
    network: meta.network,
    createdAt: meta.now,
    backedUpAt: null,
  };
}

export async function decryptSecret(record: EncryptedKey, passphrase: string, webcrypto: Crypto = crypto): Promise<Uint8Array> {
  const key = await deriveKey(passphrase, base64.decode(record.kdf.salt), record.kdf.iterations, webcrypto.subtle);
  try {
    const plain = await webcrypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64.decode(record.cipher.iv) as BufferSource, additionalData: new TextEncoder().encode(record.publicKey) },
      key,
      base64.decode(record.cipher.data) as BufferSource,
    );
    return new Uint8Array(plain);
  } catch {
    throw new KeystoreError('passphrase-wrong', 'Wrong passphrase (or a damaged backup). Check it and try again.', 'passphrase');
  }
}

/** Checks that a parsed backup file is a wallet record we can read. */
export function parseBackup(text: string): EncryptedKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeystoreError('backup-not-json', 'This file is not a SimpleCoin wallet backup (it is not JSON).', 'file');
  }
  const r = value as Partial<EncryptedKey>;
  if (r?.format !== 'simplecoin-wallet') throw new KeystoreError('backup-not-wallet', 'This file is not a SimpleCoin wallet backup.', 'file');
  if (r.version !== KEYSTORE_VERSION) throw new KeystoreError('backup-version', `This backup has format version ${String(r.version)}; this app reads version ${KEYSTORE_VERSION}. Update the app.`, 'file', { found: String(r.version), supported: KEYSTORE_VERSION });
  const ok =
    typeof r.publicKey === 'string' && /^[0-9a-f]{64}$/.test(r.publicKey) && typeof r.network === 'string' &&
    r.kdf?.name === 'PBKDF2-SHA256' && Number.isInteger(r.kdf.iterations) && r.kdf.iterations >= 100_000 && r.kdf.iterations <= 10_000_000 &&
    typeof r.kdf.salt === 'string' && r.cipher?.name === 'AES-256-GCM' && typeof r.cipher.iv === 'string' && typeof r.cipher.data === 'string';
  if (!ok) throw new KeystoreError('backup-damaged', 'This wallet backup is damaged: a field is missing or wrong.', 'file');
  return r as EncryptedKey;
}

export class Keystore {
  private constructor(private readonly db: IDBPDatabase<WalletDB>) {}

  static async open(name = DB_NAME): Promise<Keystore> {
    const db = await openDB<WalletDB>(name, 1, {
      upgrade(database) {
        database.createObjectStore('keys');
      },
    });
    return new Keystore(db);
  }

  /** The wallet of a network, if there is one. */
  async get(network: string): Promise<EncryptedKey | null> {
    return (await this.db.get('keys', network)) ?? null;
  }

  async put(record: EncryptedKey): Promise<void> {
    await this.db.put('keys', record, record.network);
  }

  async markBackedUp(network: string, now: number): Promise<void> {
    const tx = this.db.transaction('keys', 'readwrite');
    const record = await tx.store.get(network);
    if (record) await tx.store.put({ ...record, backedUpAt: now }, network);
    await tx.done;
  }
}
