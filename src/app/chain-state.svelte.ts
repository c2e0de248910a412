// What the UI shows about the chain. Written by the adapter (from node events) and main.ts (a
// node that could not start, another tab's newer version).
export class ChainState {
  ready = $state(false);
  networkName = $state('main');
  /** A lab network (lab-…): attacks are allowed here, and every view says so. */
  lab = $state(false);
  height = $state(0);
  tipHex = $state('');
  tipTime = $state(0);
  /** A short word for the header: starting, synced, syncing, offline, read-only. */
  syncStatus = $state('starting');
  error = $state('');
}
