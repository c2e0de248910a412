// The wallet of one network: its encrypted key (shared by the origin's tabs), unlocking and
// locking, backups, and sending. The secret key exists in memory only while unlocked.
import { utils as secpUtils } from '@noble/secp256k1';
import { toHex, fromHex } from '../core/encoding/bytes';
import { encodeAddress } from '../core/primitives/address';
import { publicKeyOf, txid, type TransferTx } from '../core/primitives/tx';
import { isTransfer } from '../core/consensus/tx-rules';
import { VerifyError } from '../core/protocol/verify-error';
import { prepareTransfer, signPrepared, suggestFee, SendError } from '../core/wallet/send';
import { PhraseError } from '../core/wallet/phrase-words';
import { utf8 } from '../core/encoding/bytes';
import { formatCoins } from '../core/wallet/amount';
import { decryptSecret, encryptSecret, KeystoreError, MIN_PASSPHRASE, parseBackup, type EncryptedKey, type Keystore } from '../storage/keystore';
import { WalletTracker } from './wallet-tracker';
import type { SimpleCoinNode } from './node';

export { KeystoreError, SendError };

/** What a fee bump of a pending transfer may pay. */
export interface BumpOptions {
  current: bigint;
  /** The least the mempool accepts as a replacement (BIP125 rules 3, 4 and 6: what it evicts, plus the relay fee of its bytes). */
  minimum: bigint;
  suggested: bigint;
}
export type { EncryptedKey };

/** The phrase codec with its BIP39 word list (~6 KB gzipped), loaded the first time a phrase is shown or restored, not at startup. */
const loadPhraseCodec = () => import('../core/wallet/phrase');

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
    const { keyOfPhrase } = await loadPhraseCodec();
    let secret: Uint8Array;
    try {
      secret = keyOfPhrase(phrase);
    } catch (error) {
      if (error instanceof PhraseError) throw new KeystoreError(error.code, error.message, 'phrase', error.params);
      throw error;
    }
    await this.store(secret, passphrase, repeat, Date.now());
  }

  private async store(secret: Uint8Array, passphrase: string, repeat: string, backedUpAt: number | null = null): Promise<void> {
    if (this.record) throw new KeystoreError('wallet-exists', 'This browser already has a wallet for this network.');
    if (passphrase.length < MIN_PASSPHRASE) throw new KeystoreError('passphrase-short', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`, 'passphrase', { min: MIN_PASSPHRASE });
    if (passphrase !== repeat) throw new KeystoreError('passphrase-mismatch', 'The two passphrases differ. Type the same passphrase twice.', 'repeat');
    const publicKey = toHex(publicKeyOf(secret));
    const record = { ...(await encryptSecret(secret, passphrase, { publicKey, network: this.node.params.name, now: Date.now() })), backedUpAt };
    await this.keystore.put(record);
    this.record = record;
    this.secret = secret;
    this.watch(publicKey);
  }

  /** The 24 words that restore this wallet's key; only while unlocked. */
  async recoveryPhrase(): Promise<string> {
    const { phraseOfKey } = await loadPhraseCodec();
    // Checked after the load: the wallet may have been locked meanwhile.
    if (!this.secret) throw new KeystoreError('wallet-locked', 'Unlock the wallet to see its recovery phrase.', 'passphrase');
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
    if (!this.record) throw new KeystoreError('wallet-missing', 'There is no wallet yet: create one or import a backup.');
    const secret = await decryptSecret(this.record, passphrase);
    if (toHex(publicKeyOf(secret)) !== this.record.publicKey) throw new KeystoreError('wallet-key-mismatch', 'This key does not match the wallet record: the backup is damaged.');
    this.secret = secret;
  }

  lock(): void {
    this.secret?.fill(0);
    this.secret = null;
  }

  /** The backup file's text: the encrypted record itself. */
  async exportBackup(): Promise<string> {
    if (!this.record) throw new KeystoreError('backup-nothing', 'There is no wallet to back up.');
    await this.markBackedUp();
    return JSON.stringify(this.record, null, 2);
  }

  /** Imports a backup after proving the passphrase opens it. */
  async importBackup(text: string, passphrase: string): Promise<void> {
    const record = parseBackup(text);
    if (record.network !== this.node.params.name) {
      throw new KeystoreError('backup-network', `This backup is for the "${record.network}" network; this page is on "${this.node.params.name}".`, 'file', { backup: record.network, page: this.node.params.name });
    }
    if (this.record && this.record.publicKey !== record.publicKey) {
      throw new KeystoreError('backup-other-wallet', 'This browser already has a different wallet for this network; import it in a fresh browser profile.', 'file');
    }
    const secret = await decryptSecret(record, passphrase);
    if (toHex(publicKeyOf(secret)) !== record.publicKey) throw new KeystoreError('backup-key-mismatch', 'This backup is damaged: its key does not match.', 'file');
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
    if (!this.secret || !this.record) throw new SendError('wallet', 'send-locked', 'The wallet is locked: unlock it to send.');
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
    const old = this.bumpable(id);
    const minimum = this.replacementFloor(old);
    const doubled = old.fee * 2n;
    const affordable = (fee: bigint) => fee > minimum && this.node.mempool.replacementNeeds(old, fee).needed <= fee;
    return { current: old.fee, minimum, suggested: this.tryFee(() => affordable(doubled)) ? doubled : minimum };
  }

  /** Replaces a pending transfer with the same one paying `fee` (replace-by-fee). Returns the new txid. */
  bumpFee(id: string, fee?: bigint): string {
    if (!this.secret) throw new SendError('wallet', 'bump-locked', 'The wallet is locked: unlock it to bump a fee.');
    const options = this.bumpOptions(id);
    const newFee = fee ?? options.suggested;
    if (newFee < options.minimum) throw new SendError('fee', 'bump-fee-low', `The new fee must be at least ${formatCoins(options.minimum)} coins to replace the old one.`, { minimum: options.minimum });
    const old = this.bumpable(id);
    const spendable = (this.tracker?.balances().spendable ?? 0n) + old.amount + old.fee;
    if (old.amount + newFee > spendable) throw new SendError('fee', 'bump-insufficient', 'Insufficient funds for that fee.');
    // A higher fee can leave later pending transfers unpayable; the replacement pays for those too (BIP125 rule 3).
    const { needed, evicts } = this.node.mempool.replacementNeeds(old, newFee);
    if (needed > newFee) throw new SendError('fee', 'bump-evicts', `That fee leaves ${evicts - 1} of your later pending transfers unpayable; replacing them too needs at least ${formatCoins(needed)} coins.`, { count: evicts - 1, needed });
    const { tx } = signPrepared({ ...old, fee: newFee }, this.secret, secpUtils.randomSecretKey());
    return this.submit(tx);
  }

  private bumpable(id: string): TransferTx {
    const entry = this.tracker?.get(id);
    if (!entry || entry.status !== 'pending' || entry.direction === 'in' || entry.direction === 'mined' || !isTransfer(entry.tx) || !this.node.mempool.has(id)) {
      throw new SendError('fee', 'bump-not-own', 'Only your own pending transfers can have their fee raised.');
    }
    return entry.tx;
  }

  /** The mempool's least replacement fee (BIP125 rules 3, 4 and 6), as a SendError if none is payable. */
  private replacementFloor(old: TransferTx): bigint {
    try {
      return this.node.mempool.replacementMinimum(old);
    } catch (error) {
      if (error instanceof VerifyError) throw new SendError('fee', 'bump-unpayable', 'Your balance cannot pay a higher fee for this transfer.');
      throw error;
    }
  }

  private tryFee(check: () => boolean): boolean {
    try {
      return check();
    } catch (error) {
      if (error instanceof VerifyError) return false;
      throw error;
    }
  }

  private watch(keyHex: string): void {
    if (this.tracker?.keyHex === keyHex) return;
    this.tracker = new WalletTracker(this.node, keyHex);
    void this.tracker.rescan();
  }
}
