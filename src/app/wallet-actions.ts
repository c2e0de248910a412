// The wallet's controls for the UI, and the adapter from wallet events to WalletState.
import { parseCoins, formatCoins, AmountError } from '../core/wallet/amount';
import { AddressError } from '../core/primitives/address';
import { readScan } from './scan';
import { decodeAddress } from '../core/primitives/address';
import { wrongCheckWords } from '../core/wallet/phrase-words';
import type { TransferTx } from '../core/primitives/tx';
import { VerifyError } from '../core/protocol/verify-error';
import type { BrowserNode } from '../node/browser';
import { KeystoreError, SendError, type BumpOptions, type Wallet } from '../node/wallet';
import type { HistoryRow, WalletForm, WalletState } from './wallet-state.svelte';
import { explainRule, t } from './i18n/i18n';
import { describeError } from './i18n/errors';

/** Lock the wallet after this long without user activity. */
export const AUTO_LOCK_MS = 5 * 60_000;
/** How long a toast stays on screen. */
export const TOAST_MS = 6_000;

export interface PreparedSend {
  tx: TransferTx;
  to: string;
  amount: string;
  fee: string;
  total: string;
}

export type { BumpOptions };

/** The field an error belongs to, when the error says so. */
function fieldOf(error: unknown, form: WalletForm): string | null {
  if (error instanceof SendError) return error.field === 'wallet' ? null : error.field;
  if (error instanceof KeystoreError) return error.field;
  if (error instanceof AmountError) return form === 'bump' ? 'fee' : 'amount';
  return null;
}

/** A row's identity and state: the same payment's fee bumps share it. */
const rowKey = (h: HistoryRow): string => (h.nonce === null ? h.txid : `${h.direction}:${h.counterparty}:${h.nonce}`) + `:${h.status}`;

export class WalletActions {
  private wallet: Wallet | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Rows already seen, to toast only what is new; null until the first scan is done. */
  private seen: Set<string> | null = null;
  private toastId = 0;

  constructor(
    private readonly browserNode: BrowserNode,
    private readonly state: WalletState,
    private readonly onAddress: (address: string) => void = () => {},
  ) {}

  async init(): Promise<void> {
    this.wallet = await this.browserNode.wallet();
    this.state.spacing = this.browserNode.node.params.spacing;
    this.state.coinbaseMaturity = this.browserNode.node.params.coinbaseMaturity;
    this.state.hrp = this.browserNode.node.params.hrp;
    this.browserNode.node.chain.events.on('tip', () => this.refresh());
    for (const e of ['pointerdown', 'keydown'] as const) window.addEventListener(e, () => this.touch(), { passive: true });
    window.addEventListener('hashchange', () => this.readRequest(window.location.hash));
    this.readRequest(window.location.hash);
    this.refresh();
  }

  /** Runs an action of one form; an error lands in that form, next to its field. */
  private async run(form: WalletForm, fn: (w: Wallet) => Promise<void> | void): Promise<boolean> {
    if (!this.wallet) return false;
    this.state.busy = true;
    this.state.error = null;
    try {
      await fn(this.wallet);
      return true;
    } catch (error) {
      this.fail(form, error);
      return false;
    } finally {
      this.state.busy = false;
      this.refresh();
    }
  }

  private fail(form: WalletForm, error: unknown): void {
    const message = error instanceof VerifyError ? t('send.refused', { reason: explainRule(error.code, error.explanation) }) : describeError(error);
    this.state.error = { form, field: fieldOf(error, form), message };
  }

  /** Sets an error the UI found itself (an empty field, say). */
  invalid(form: WalletForm, field: string | null, message: string): void {
    this.state.error = { form, field, message };
  }

  clearError(): void {
    this.state.error = null;
  }

  create(passphrase: string, repeat: string) {
    return this.run('create', (w) => w.create(passphrase, repeat));
  }

  restore(phrase: string, passphrase: string, repeat: string) {
    return this.run('restore', (w) => w.restore(phrase, passphrase, repeat));
  }

  unlock(passphrase: string) {
    return this.run('unlock', (w) => w.unlock(passphrase));
  }

  lock(): void {
    this.wallet?.lock();
    this.refresh();
  }

  async exportBackup(): Promise<string | null> {
    let text: string | null = null;
    await this.run('backup', async (w) => {
      text = await w.exportBackup();
    });
    return text;
  }

  /** The file's text is kept by the caller, so a wrong passphrase can be retried. */
  importBackup(text: string, passphrase: string) {
    return this.run('import', (w) => w.importBackup(text, passphrase));
  }

  /** The recovery phrase, or null (with the error set) if the wallet is locked. */
  async recoveryPhrase(): Promise<string | null> {
    try {
      return (await this.wallet?.recoveryPhrase()) ?? null;
    } catch (error) {
      this.fail('phrase', error);
      return null;
    }
  }

  /** Checks the words typed back (position → word); marks the wallet backed up when all are right. */
  async checkPhrase(phrase: string, answers: ReadonlyMap<number, string>): Promise<boolean> {
    const wrong = wrongCheckWords(phrase, answers)[0];
    if (wrong !== undefined) {
      this.invalid('phrase', `word-${wrong}`, t('phrase.wrongWord', { index: wrong + 1 }));
      return false;
    }
    return this.run('phrase', async (w) => {
      await w.markBackedUp();
      this.toast(t('toast.phraseChecked'));
    });
  }

  /** Validates and signs a send for the confirmation step. Returns null with the error set if refused. */
  prepare(to: string, amountText: string, feeText: string, memo: string): PreparedSend | null {
    if (!this.wallet) return null;
    this.state.error = null;
    const address = to.replace(/\s+/g, '');
    try {
      if (!address) throw new SendError('to', 'send-missing-to', `Enter the recipient's address (it starts with ${this.state.hrp}1).`, { prefix: this.state.hrp });
      // The form's fields in order: the address first, so the first error is the first field's.
      try {
        decodeAddress(this.state.hrp, address);
      } catch (error) {
        throw error instanceof AddressError ? SendError.from('to', error) : error;
      }
      if (!amountText.trim()) throw new SendError('amount', 'send-missing-amount', 'Enter an amount in coins, like 12.5');
      let amount: bigint;
      try {
        amount = parseCoins(amountText);
      } catch (error) {
        throw error instanceof AmountError ? SendError.from('amount', error) : error;
      }
      let fee: bigint;
      try {
        fee = feeText.trim() === '' ? this.wallet.suggestFee(memo) : parseCoins(feeText);
      } catch (error) {
        throw error instanceof AmountError ? SendError.from('fee', error) : error;
      }
      const tx = this.wallet.prepare(address, amount, fee, memo);
      return { tx, to: address, amount: formatCoins(amount), fee: formatCoins(fee), total: formatCoins(amount + fee) };
    } catch (error) {
      this.fail('send', error);
      return null;
    }
  }

  confirm(send: PreparedSend) {
    return this.run('send', (w) => {
      w.submit(send.tx);
      this.state.request = null;
      this.toast(t('toast.sent', { amount: send.amount }));
    });
  }

  /** The current, least and suggested fee for bumping a pending transfer, or null with the error set. */
  bumpOptions(txid: string): BumpOptions | null {
    try {
      return this.wallet?.bumpOptions(txid) ?? null;
    } catch (error) {
      this.fail('bump', error);
      return null;
    }
  }

  bumpFee(txid: string, feeText: string) {
    return this.run('bump', (w) => {
      let fee: bigint;
      try {
        fee = parseCoins(feeText);
      } catch (error) {
        throw error instanceof AmountError ? SendError.from('fee', error) : error;
      }
      w.bumpFee(txid, fee);
      this.toast(t('toast.bumped', { fee: formatCoins(fee) }));
    });
  }

  /** Takes a payment request from a link or a scanned code; false if the text is not one. */
  useRequest(text: string): boolean {
    const scan = readScan(text);
    if ('request' in scan) this.state.request = scan.request;
    return 'request' in scan;
  }

  private readRequest(hash: string): void {
    if (hash.startsWith('#/wallet/pay/')) this.useRequest(hash);
  }

  toast(text: string): void {
    const id = ++this.toastId;
    this.state.toasts = [...this.state.toasts, { id, text }].slice(-2);
    setTimeout(() => (this.state.toasts = this.state.toasts.filter((t) => t.id !== id)), TOAST_MS);
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock(), AUTO_LOCK_MS);
  }

  refresh(): void {
    const w = this.wallet;
    const s = this.state;
    if (!w) return;
    s.phase = !w.exists ? 'none' : w.unlocked ? 'open' : 'locked';
    s.address = w.address;
    if (w.address) this.onAddress(w.address);
    s.backedUp = w.backedUp;
    s.suggestedFee = w.suggestFee();
    s.height = this.browserNode.node.chain.height;
    if (w.tracker && !this.trackerBound.has(w.tracker)) {
      this.trackerBound.add(w.tracker);
      this.seen = null;
      const tracker = w.tracker;
      tracker.events.on('change', () => this.refresh());
      void tracker.rescan().then(() => {
        this.seen = new Set(tracker.history().map(rowKey));
      });
    }
    if (w.tracker) {
      const b = w.tracker.balances();
      Object.assign(s, {
        confirmed: b.confirmed,
        locked: b.locked,
        nextUnlockHeight: b.nextUnlockHeight,
        spendable: b.spendable,
        incoming: b.incoming,
        outgoing: b.outgoing,
        afterPending: b.afterPending,
      });
      s.history = w.tracker.history();
      this.toastNew();
    }
    if (s.phase === 'open') this.touch();
  }

  /** A toast for each block this wallet found and each payment that arrives (once per row state). */
  private toastNew(): void {
    if (!this.seen) return;
    for (const h of this.state.history) {
      const key = rowKey(h);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (h.direction === 'mined' && h.status === 'confirmed') this.toast(t('toast.found', { height: h.height ?? 0, amount: formatCoins(h.amount) }));
      else if (h.direction === 'in' && h.status === 'pending') this.toast(t('toast.incoming', { amount: formatCoins(h.amount) }));
      else if (h.direction === 'in' && h.status === 'confirmed') this.toast(t('toast.confirmed', { amount: formatCoins(h.amount), height: h.height ?? 0 }));
    }
  }

  private readonly trackerBound = new WeakSet<object>();
}
