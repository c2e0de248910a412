// Controls that exist once the node has started.
import type { MiningActions } from './mining-actions';

export class Controls {
  mining = $state<MiningActions | null>(null);
}
