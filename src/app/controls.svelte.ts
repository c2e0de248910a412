// Controls that exist once the node has started.
import type { MiningActions } from './mining-actions';
import type { WalletActions } from './wallet-actions';
import type { PwaControls } from './pwa';
import type { ClassActions } from './class-actions';
import type { Explorer } from '../node/explorer';
import type { LearnLab } from './learn-lab';
import type { LabActions } from './lab-actions';
import type { SessionRecorder } from '../lab/session-recorder';

/** The read-only queries the explorer and learn views may make. */
export type ExplorerApi = Pick<Explorer, 'latest' | 'block' | 'tx' | 'address' | 'mempool' | 'route' | 'search' | 'forkTree' | 'series'>;
export type { BlockView, TxView, BlockSummary, ForkNode, AddressView, SearchMatch } from '../node/explorer';

export class Controls {
  mining = $state<MiningActions | null>(null);
  wallet = $state<WalletActions | null>(null);
  explorer = $state<ExplorerApi | null>(null);
  pwa = $state<PwaControls | null>(null);
  classroom = $state<ClassActions | null>(null);
  learn = $state<LearnLab | null>(null);
  /** The attack lab: only on a lab network. */
  lab = $state<LabActions | null>(null);
  /** The lab session this tab records (lab networks only): the Lab view exports it. */
  labRecorder = $state<SessionRecorder | null>(null);
}
