// What the UI shows about the network. Fed only by the adapter.
import type { PeerInfo, NodeEvents } from '../node/node';

export class NetworkState {
  peerId = $state('');
  signalingLabel = $state('choosing…');
  signalingSource = $state('');
  signalingState = $state<NodeEvents['signaling']['state']>('connecting');
  signalingDetail = $state('');
  peers = $state<PeerInfo[]>([]);
  networkName = $state('main');
}
