import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, Keystore, KeystoreError, parseBackup, PBKDF2_ITERATIONS } from '../../../src/storage/keystore';

const secret = new Uint8Array(32).fill(7);
const meta = { publicKey: 'ab'.repeat(32), network: 'regtest', now: 1 };

describe('keystore', () => {
  it('encrypts with PBKDF2 (600k) and AES-GCM, and only the passphrase opens it', async () => {
    const record = await encryptSecret(secret, 'a good passphrase', meta);
    expect(record.kdf.iterations).toBe(PBKDF2_ITERATIONS);
    expect(record.cipher.data).not.toContain('BwcH');
    expect(await decryptSecret(record, 'a good passphrase')).toEqual(secret);
    await expect(decryptSecret(record, 'wrong passphrase')).rejects.toThrow(/Wrong passphrase/);
    // The record binds the public key: swapping it breaks decryption.
    await expect(decryptSecret({ ...record, publicKey: 'cd'.repeat(32) }, 'a good passphrase')).rejects.toThrow(KeystoreError);
    await expect(encryptSecret(secret, 'short', meta)).rejects.toThrow(/at least 8/);
  });

  it('round-trips a backup file and rejects damaged ones', async () => {
    const record = await encryptSecret(secret, 'a good passphrase', meta, crypto, 100_000);
    expect(parseBackup(JSON.stringify(record))).toEqual(record);
    expect(() => parseBackup('nope')).toThrow(/not JSON/);
    expect(() => parseBackup('{}')).toThrow(/not a SimpleCoin wallet/);
    expect(() => parseBackup(JSON.stringify({ ...record, version: 2 }))).toThrow(/version 2/);
    expect(() => parseBackup(JSON.stringify({ ...record, kdf: { ...record.kdf, iterations: 10 } }))).toThrow(/damaged/);
  });

  it('keeps one wallet per network and records backups', async () => {
    const ks = await Keystore.open('test-wallet');
    const record = await encryptSecret(secret, 'a good passphrase', meta, crypto, 100_000);
    await ks.put(record);
    expect(await ks.get('regtest')).toEqual(record);
    expect(await ks.get('main')).toBeNull();
    await ks.markBackedUp('regtest', 42);
    expect((await ks.get('regtest'))!.backedUpAt).toBe(42);
  });
});
