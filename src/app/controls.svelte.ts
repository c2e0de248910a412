// Controls that exist once the node has started.
import type { MiningActions } from './mining-actions';
import type { WalletActions } from './wallet-actions';

export class Controls {
  mining = $state<MiningActions | null>(null);
  wallet = $state<WalletActions | null>(null);
}
