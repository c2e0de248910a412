// What the UI shows about mining and the user's mining choices. Written by MiningActions, by
// main.ts (the wallet's address as the default recipient), and by MinePanel's pause checkbox (bind:).
import type { MiningStats } from '../node/mining';

export class MiningState {
  /** A fresh object on every stats event, so not deeply reactive. */
  stats = $state.raw<MiningStats | null>(null);
  workers = $state(1);
  maxWorkers = $state(1);
  duty = $state(1);
  pauseWhenHidden = $state(true);
  recipient = $state('');
  message = $state('');
}
