// The wallet of one network: its encrypted key (shared by the origin's tabs), unlocking and
// locking, backups, and sending. The secret key exists in memory only while unlocked.
import { utils as secpUtils } from '@noble/secp256k1';
import { toHex, fromHex } from '../core/encoding/bytes';
import { encodeAddress } from '../core/primitives/address';
import { publicKeyOf, txid, TX_KIND_TRANSFER, type TransferTx } from '../core/primitives/tx';
import { prepareTransfer, signPrepared, suggestFee, transferSize, SendError } from '../core/wallet/send';
import { keyOfPhrase, phraseOfKey, PhraseError } from '../core/wallet/phrase';
import { utf8 } from '../core/encoding/bytes';
import { formatCoins } from '../core/wallet/amount';
import { decryptSecret, encryptSecret, KeystoreError, parseBackup, type EncryptedKey, type Keystore } from '../storage/keystore';
import { WalletTracker } from './wallet-tracker';
import type { SimpleCoinNode } from './node';

export { KeystoreError, SendError };

/** What a fee bump of a pending transfer may pay. */
export interface BumpOptions {
  current: bigint;
  /** The least the mempool accepts as a replacement (BIP125-like: old fee plus the relay fee of the new bytes). */
  minimum: bigint;
  suggested: bigint;
}
export type { EncryptedKey };

export class Wallet {
  private record: EncryptedKey | null = null;
  private secret: Uint8Array | null = null;
  tracker: WalletTracker | null = null;

  constructor(
    private readonly node: SimpleCoinNode,
    private readonly keystore: Keystore,
  ) {}

  async load(): Promise<void> {
    this.record = await this.keystore.get(this.node.params.name);
    if (this.record) this.watch(this.record.publicKey);
  }

  get exists(): boolean {
    return this.record !== null;
  }

  get unlocked(): boolean {
    return this.secret !== null;
  }

  get backedUp(): boolean {
    return this.record?.backedUpAt != null;
  }

  get address(): string {
    return this.record ? encodeAddress(this.node.params.hrp, fromHex(this.record.publicKey)) : '';
  }

  get keyHex(): string {
    return this.record?.publicKey ?? '';
  }

  async create(passphrase: string, repeat: string): Promise<void> {
    await this.store(secpUtils.randomSecretKey(), passphrase, repeat);
  }

  /** Restores a wallet from its 24-word recovery phrase, encrypted under a new passphrase. */
  async restore(phrase: string, passphrase: string, repeat: string): Promise<void> {
    let secret: Uint8Array;
    try {
      secret = keyOfPhrase(phrase);
    } catch (error) {
      if (error instanceof PhraseError) throw new KeystoreError(error.message, 'phrase');
      throw error;
    }
    await this.store(secret, passphrase, repeat, Date.now());
  }

  private async store(secret: Uint8Array, passphrase: string, repeat: string, backedUpAt: number | null = null): Promise<void> {
    if (this.record) throw new KeystoreError('This browser already has a wallet for this network.');
    if (passphrase.length < 8) throw new KeystoreError('Choose a passphrase of at least 8 characters.', 'passphrase');
    if (passphrase !== repeat) throw new KeystoreError('The two passphrases differ. Type the same passphrase twice.', 'repeat');
    const publicKey = toHex(publicKeyOf(secret));
    const record = { ...(await encryptSecret(secret, passphrase, { publicKey, network: this.node.params.name, now: Date.now() })), backedUpAt };
    await this.keystore.put(record);
    this.record = record;
    this.secret = secret;
    this.watch(publicKey);
  }

  /** The 24 words that restore this wallet's key; only while unlocked. */
  recoveryPhrase(): string {
    if (!this.secret) throw new KeystoreError('Unlock the wallet to see its recovery phrase.', 'passphrase');
    return phraseOfKey(this.secret);
  }

  /** Records that the user has a backup: a downloaded file or a recovery phrase they typed back. */
  async markBackedUp(): Promise<void> {
    if (!this.record) return;
    const now = Date.now();
    await this.keystore.markBackedUp(this.node.params.name, now);
    this.record = { ...this.record, backedUpAt: now };
  }

  async unlock(passphrase: string): Promise<void> {
    if (!this.record) throw new KeystoreError('There is no wallet yet: create one or import a backup.');
    const secret = await decryptSecret(this.record, passphrase);
    if (toHex(publicKeyOf(secret)) !== this.record.publicKey) throw new KeystoreError('This key does not match the wallet record: the backup is damaged.');
    this.secret = secret;
  }

  lock(): void {
    this.secret?.fill(0);
    this.secret = null;
  }

  /** The backup file's text: the encrypted record itself. */
  async exportBackup(): Promise<string> {
    if (!this.record) throw new KeystoreError('There is no wallet to back up.');
    await this.markBackedUp();
    return JSON.stringify(this.record, null, 2);
  }

  /** Imports a backup after proving the passphrase opens it. */
  async importBackup(text: string, passphrase: string): Promise<void> {
    const record = parseBackup(text);
    if (record.network !== this.node.params.name) {
      throw new KeystoreError(`This backup is for the "${record.network}" network; this page is on "${this.node.params.name}".`, 'file');
    }
    if (this.record && this.record.publicKey !== record.publicKey) {
      throw new KeystoreError('This browser already has a different wallet for this network; import it in a fresh browser profile.', 'file');
    }
    const secret = await decryptSecret(record, passphrase);
    if (toHex(publicKeyOf(secret)) !== record.publicKey) throw new KeystoreError('This backup is damaged: its key does not match.', 'file');
    await this.keystore.put({ ...record, backedUpAt: record.backedUpAt ?? Date.now() });
    this.record = record;
    this.secret = secret;
    this.watch(record.publicKey);
  }

  suggestFee(memo = ''): bigint {
    return suggestFee(this.node.mempool.minFeeRate, utf8(memo).length, this.node.mempool.totalBytes > 256 * 1024);
  }

  /** Checks a send and signs it, without submitting; throws SendError naming the field. */
  prepare(to: string, amount: bigint, fee: bigint, memo = ''): TransferTx {
    if (!this.secret || !this.record) throw new SendError('wallet', 'The wallet is locked: unlock it to send.');
    const balances = this.tracker?.balances();
    const unsigned = prepareTransfer({
      params: this.node.params,
      to,
      amount,
      fee,
      memo,
      sender: fromHex(this.record.publicKey),
      nonce: this.node.mempool.nextNonce(this.record.publicKey),
      spendable: balances?.spendable ?? 0n,
    });
    return signPrepared(unsigned, this.secret, secpUtils.randomSecretKey()).tx;
  }

  /** Submits a signed transfer to our mempool, which relays it. Returns its txid. */
  submit(tx: TransferTx): string {
    this.node.submitTx(tx);
    return toHex(txid(tx));
  }

  /** The fees a bump of this pending transfer can pay; throws if it cannot be bumped. */
  bumpOptions(id: string): BumpOptions {
    const entry = this.tracker?.get(id);
    if (!entry || entry.status !== 'pending' || entry.direction === 'in' || entry.direction === 'mined' || entry.tx.kind !== TX_KIND_TRANSFER) {
      throw new SendError('fee', 'Only your own pending transfers can have their fee raised.');
    }
    const current = entry.tx.fee;
    const minimum = current + this.node.mempool.minFeeRate * BigInt(transferSize(entry.tx.memo.length));
    const doubled = current * 2n;
    return { current, minimum, suggested: doubled > minimum ? doubled : minimum };
  }

  /** Replaces a pending transfer with the same one paying `fee` (replace-by-fee). Returns the new txid. */
  bumpFee(id: string, fee?: bigint): string {
    if (!this.secret) throw new SendError('wallet', 'The wallet is locked: unlock it to bump a fee.');
    const options = this.bumpOptions(id);
    const newFee = fee ?? options.suggested;
    if (newFee < options.minimum) throw new SendError('fee', `The new fee must be at least ${formatCoins(options.minimum)} coins to replace the old one.`);
    const old = this.tracker!.get(id)!.tx as TransferTx;
    const spendable = (this.tracker?.balances().spendable ?? 0n) + old.amount + old.fee;
    if (old.amount + newFee > spendable) throw new SendError('fee', 'Insufficient funds for that fee.');
    const { tx } = signPrepared({ ...old, fee: newFee }, this.secret, secpUtils.randomSecretKey());
    return this.submit(tx);
  }

  private watch(keyHex: string): void {
    if (this.tracker?.keyHex === keyHex) return;
    this.tracker = new WalletTracker(this.node, keyHex);
    void this.tracker.rescan();
  }
}
