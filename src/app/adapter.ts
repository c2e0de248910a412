// The single adapter from node events to UI state.
import type { SimpleCoinNode } from '../node/node';
import type { NetworkState } from './network-state.svelte';

const SOURCE_LABEL = {
  query: 'from the ?signal= link',
  saved: 'your saved setting',
  'same-origin': 'this server',
  'public-cloud': 'the public PeerJS cloud',
} as const;

export function bindNode(node: SimpleCoinNode, network: NetworkState): () => void {
  const offs = [
    node.events.on('peers', (peers) => (network.peers = peers)),
    node.events.on('signaling', (s) => {
      network.signalingState = s.state;
      network.signalingDetail = s.detail ?? '';
      if (node.signaling) {
        network.signalingLabel = node.signaling.config.label;
        network.signalingSource = SOURCE_LABEL[node.signaling.source];
      }
      if (node.transport) network.peerId = node.transport.localId;
    }),
  ];
  return () => offs.forEach((off) => off());
}
