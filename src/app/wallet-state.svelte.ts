// What the UI shows about the wallet. Written by WalletActions; its arrays and objects are replaced
// whole ($state.raw). ClassActions and MinePanel only read it.
import type { HistoryEntry } from '../node/wallet-tracker';

export type WalletPhase = 'loading' | 'none' | 'locked' | 'open';

/** The form an action came from: its error is drawn inside that form. */
export type WalletForm = 'create' | 'import' | 'restore' | 'unlock' | 'send' | 'bump' | 'phrase' | 'backup';

export interface WalletError {
  form: WalletForm;
  /** The field that caused it (its input's name), or null for the form as a whole. */
  field: string | null;
  message: string;
}

export interface Toast {
  id: number;
  text: string;
}

/** A payment request opened from a link or a scanned QR code: pre-fills the send form. */
export interface PaymentRequest {
  to: string;
  amount: string;
}

export type HistoryRow = HistoryEntry & { confirmations: number };

export class WalletState {
  phase = $state<WalletPhase>('loading');
  address = $state('');
  /** The network's address prefix, for showing counterparties' keys as addresses. */
  hrp = $state('');
  backedUp = $state(true);
  height = $state(0);
  /** Seconds between blocks this network aims for. */
  spacing = $state(0);
  /** Blocks after its own before a mining reward can be spent. */
  coinbaseMaturity = $state(0);
  confirmed = $state(0n);
  locked = $state(0n);
  nextUnlockHeight = $state<number | null>(null);
  spendable = $state(0n);
  incoming = $state(0n);
  outgoing = $state(0n);
  afterPending = $state(0n);
  history = $state.raw<HistoryRow[]>([]);
  suggestedFee = $state(0n);
  busy = $state(false);
  error = $state.raw<WalletError | null>(null);
  request = $state.raw<PaymentRequest | null>(null);
  toasts = $state.raw<Toast[]>([]);
}

/** The error of one form's field (or of the form itself with field null), for the UI. */
export const errorOf = (state: WalletState, form: WalletForm, field: string | null): string =>
  state.error && state.error.form === form && state.error.field === field ? state.error.message : '';
