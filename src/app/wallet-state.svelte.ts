// What the UI shows about the wallet. Fed only by WalletActions.
import type { HistoryEntry } from '../node/wallet-tracker';

export type WalletPhase = 'loading' | 'none' | 'locked' | 'open';

export class WalletState {
  phase = $state<WalletPhase>('loading');
  address = $state('');
  backedUp = $state(true);
  confirmed = $state(0n);
  pending = $state(0n);
  spendable = $state(0n);
  history = $state<Array<HistoryEntry & { confirmations: number }>>([]);
  suggestedFee = $state(0n);
  busy = $state(false);
  error = $state('');
  notice = $state('');
}
