// The lab's narrow view of a SimpleCoinNode: its key, its peers and its pool's partition. The
// node's own code has no notion of a lab; this only calls what it offers anyone.
import type { SimpleCoinNode } from '../node/node';
import type { LabNode } from './network-controls';

export function labNodeOf(node: SimpleCoinNode): LabNode {
  let partition: ((nodeKeyHex: string) => boolean) | null = null;
  let partitioned: unknown = null;
  return {
    nodeKeyHex: node.nodeKeyHex,
    peers: () => node.peerList().filter((p) => p.state === 'ready' && p.nodeKey !== '').map((p) => ({ id: p.id, nodeKey: p.nodeKey })),
    setPartition: (allowed) => {
      partition = allowed;
      partitioned = node.p2p?.pool ?? null;
      node.p2p?.pool.setPartition(allowed);
    },
    onPeers: (listener) =>
      node.events.on('peers', () => {
        // A restarted network has a new pool: it gets the partition again.
        const pool = node.p2p?.pool;
        if (partition && pool && pool !== partitioned) {
          partitioned = pool;
          pool.setPartition(partition);
        }
        listener();
      }),
  };
}
