// What the UI shows about mining. Fed only by the adapter.
import type { MiningStats } from '../node/mining';

export class MiningState {
  stats = $state<MiningStats | null>(null);
  workers = $state(1);
  maxWorkers = $state(1);
  duty = $state(1);
  pauseWhenHidden = $state(true);
  recipient = $state('');
  message = $state('');
}
