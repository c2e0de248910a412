// What the UI shows about the network. Written only by the adapter, from node events.
import type { NodeEvents } from '../node/node';
import type { PeerView } from '../node/p2p/network';
import type { ClosedPeer } from '../node/p2p/pool';
import type { SyncView } from './sync-meter';

export class NetworkState {
  peerId = $state('');
  signalingLabel = $state('choosing…');
  signalingSource = $state('');
  signalingState = $state<NodeEvents['signaling']['state']>('connecting');
  signalingDetail = $state('');
  /** While reconnecting: the next attempt's number and when it starts (ms since the epoch). */
  reconnectAttempt = $state(0);
  reconnectAt = $state(0);
  // These arrays and objects are replaced whole on each event, so not deeply reactive.
  peers = $state.raw<PeerView[]>([]);
  closed = $state.raw<ClosedPeer[]>([]);
  /** The sync progress bar: blocks, headers, rate and time left (sync-meter.ts). */
  syncView = $state.raw<SyncView | null>(null);
  outdated = $state(false);
  networkName = $state('main');
}
