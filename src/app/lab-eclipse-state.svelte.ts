// What the lab's eclipse panel shows (scenario 5): this tab's attempt, when it attacks, and the
// defence figures of this tab's own node, when it is the one attacked.
import type { DefenceFigures } from '../lab/eclipse-watch';

export interface EclipseRunView {
  victimKey: string;
  identities: number;
  /** The victim's inbound slots the identities hold, and its outbound slots (it dialled them). */
  inbound: number;
  outbound: number;
  dropped: number;
  addrIdsSent: number;
  running: boolean;
}

export class EclipseState {
  run = $state<EclipseRunView | null>(null);
  starting = $state(false);
  figures = $state<DefenceFigures | null>(null);
}
