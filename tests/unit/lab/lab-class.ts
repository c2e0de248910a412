// A lab class for tests: real SimpleCoinNodes on a lab network over the in-memory transport, each
// node's transports wrapped in its NetworkConditions, on simulated time, all knowing each other.
import { sha256 } from '@noble/hashes/sha2.js';
import { SimpleCoinNode } from '../../../src/node/node';
import { memorySignaling } from '../../../src/net/memory-transport';
import { MemoryChainStore } from '../../../src/core/chain/store';
import type { NetworkParams } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import { NetworkConditions } from '../../../src/net/conditions';
import { prng } from '../../../sim/events';
import { seededRandom } from '../../../sim/fakes';
import { SimulatedNetwork } from '../../../sim/simulated-network';

export interface LabMember {
  node: SimpleCoinNode;
  conditions: NetworkConditions;
}

/** Starts the nodes one after another (`prepare` runs on each opened chain first), then lets them connect for 15 simulated seconds. */
export async function startLabClass(params: NetworkParams, ids: string[], prepare: (node: SimpleCoinNode) => Promise<void> = async () => {}) {
  const net = new SimulatedNetwork({ latencyMs: () => 20, discovery: true });
  const q = net.q;
  // One source for the whole class, as the members' draws were recorded.
  const random = seededRandom(params.name);
  const members: LabMember[] = [];
  for (const [i, id] of ids.entries()) {
    const conditions = new NetworkConditions(params, q, prng(i + 1));
    const node = await SimpleCoinNode.open({
      params,
      store: new MemoryChainStore(),
      now: () => params.genesis.header.time + 1_000 + Math.floor(q.now() / 1000),
      chooseSignaling: memorySignaling,
      timers: q,
      random,
      nodeSecret: sha256(utf8(`${params.name} member ${i}`)),
      software: 'SimpleCoin/test',
      pingIntervalMs: 5_000,
      openTransport: async () => conditions.wrap(net.createTransport(id)),
      knownPeers: { load: async () => ids.filter((x) => x !== id).map((x) => ({ id: x, source: 'stored', tried: false, failures: 0, lastSuccess: 0 })), remember: () => {}, forget: () => {} },
    });
    await prepare(node);
    members.push({ node, conditions });
    void node.startNetwork();
    await q.runUntil(q.now() + 200);
  }
  await q.runUntil(q.now() + 15_000);
  return { q, net, members, random };
}

export const readyPeers = (node: SimpleCoinNode) => node.peerList().filter((p) => p.state === 'ready');
