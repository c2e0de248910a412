// The wallet's controls for the UI, and the adapter from wallet events to WalletState.
import { parseCoins, formatCoins, AmountError } from '../core/wallet/amount';
import type { TransferTx } from '../core/primitives/tx';
import { VerifyError } from '../core/protocol/verify-error';
import type { BrowserNode } from '../node/browser';
import type { Wallet } from '../node/wallet';
import type { WalletState } from './wallet-state.svelte';

/** Lock the wallet after this long without user activity. */
export const AUTO_LOCK_MS = 5 * 60_000;

export interface PreparedSend {
  tx: TransferTx;
  to: string;
  amount: string;
  fee: string;
  total: string;
}

export class WalletActions {
  private wallet: Wallet | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly browserNode: BrowserNode,
    private readonly state: WalletState,
    private readonly onAddress: (address: string) => void = () => {},
  ) {}

  async init(): Promise<void> {
    this.wallet = await this.browserNode.wallet();
    this.browserNode.node.chain.events.on('tip', () => this.refresh());
    for (const e of ['pointerdown', 'keydown'] as const) window.addEventListener(e, () => this.touch(), { passive: true });
    this.refresh();
  }

  private async run(fn: (w: Wallet) => Promise<void> | void): Promise<boolean> {
    if (!this.wallet) return false;
    this.state.busy = true;
    this.state.error = '';
    try {
      await fn(this.wallet);
      return true;
    } catch (error) {
      this.state.error = error instanceof VerifyError ? `The network refused it: ${error.explanation}` : (error as Error).message;
      return false;
    } finally {
      this.state.busy = false;
      this.refresh();
    }
  }

  create(passphrase: string, repeat: string) {
    return this.run((w) => w.create(passphrase, repeat));
  }

  unlock(passphrase: string) {
    return this.run((w) => w.unlock(passphrase));
  }

  lock(): void {
    this.wallet?.lock();
    this.refresh();
  }

  async exportBackup(): Promise<string | null> {
    let text: string | null = null;
    await this.run(async (w) => {
      text = await w.exportBackup();
    });
    return text;
  }

  importBackup(text: string, passphrase: string) {
    return this.run((w) => w.importBackup(text, passphrase));
  }

  /** Validates and signs a send for the confirmation step. Returns null with state.error set if refused. */
  prepare(to: string, amountText: string, feeText: string, memo: string): PreparedSend | null {
    if (!this.wallet) return null;
    this.state.error = '';
    try {
      const amount = parseCoins(amountText);
      const fee = feeText.trim() === '' ? this.wallet.suggestFee(memo) : parseCoins(feeText);
      const tx = this.wallet.prepare(to, amount, fee, memo);
      return { tx, to: to.trim(), amount: formatCoins(amount), fee: formatCoins(fee), total: formatCoins(amount + fee) };
    } catch (error) {
      this.state.error = error instanceof AmountError ? error.message : (error as Error).message;
      return null;
    }
  }

  confirm(send: PreparedSend) {
    return this.run((w) => {
      w.submit(send.tx);
      this.state.notice = `Sent ${send.amount} coins. It shows as pending until a block confirms it.`;
    });
  }

  bumpFee(txid: string) {
    return this.run((w) => {
      w.bumpFee(txid);
      this.state.notice = 'Fee raised: the new transfer replaces the old one.';
    });
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
    if (w.tracker && !this.trackerBound.has(w.tracker)) {
      this.trackerBound.add(w.tracker);
      w.tracker.events.on('change', () => this.refresh());
    }
    if (w.tracker) {
      const b = w.tracker.balances();
      s.confirmed = b.confirmed;
      s.pending = b.afterPending;
      s.spendable = b.spendable;
      s.history = w.tracker.history();
    }
    if (s.phase === 'open') this.touch();
  }

  private readonly trackerBound = new WeakSet<object>();
}
