// In-memory nodes on a simulated network: a small network in one process, on the simulator's
// deterministic event queue (sim/simulated-network.ts). A test makes a SimulatedNetwork, its nodes
// (makeNode) and scripted peers take the network's queue as their timers, and the test waits with
// net.until(cond) and net.wait(ms) in simulated time. The fakes are sim/fakes.ts's, shared with the
// simulator. A node on a plain MemoryNetwork gets the machine's timers (tests that never start one).
import { sha256 } from '@noble/hashes/sha2.js';
import { seededRandom } from '../../../sim/fakes';
import { realTimers } from '../../../src/node/runtime';
import { SimpleCoinNode, type NodeOptions } from '../../../src/node/node';
import { memorySignaling, type MemoryNetwork, type MemoryTransport } from '../../../src/net/memory-transport';
import { SimulatedNetwork } from '../../../sim/simulated-network';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { utf8 } from '../../../src/core/encoding/bytes';
import type { Timers } from '../../../src/core/util/timers';
import type { TransferTx } from '../../../src/core/primitives/tx';
import { ALICE, testClock } from '../core/helpers';

export { MapSettings, notFound as noServer, seededRandom } from '../../../sim/fakes';
export { SimulatedNetwork } from '../../../sim/simulated-network';

/** Names nodes made without an id: n0, n1, … */
let counter = 0;

export interface TestNode {
  node: SimpleCoinNode;
  store: MemoryChainStore;
  transport: MemoryTransport | null;
}

/** The timers of code on `net`: its queue on a simulated network, the machine's otherwise. */
export const timersOf = (net: MemoryNetwork): Timers => (net instanceof SimulatedNetwork ? net.q : realTimers);

/**
 * A node on `net`, started unless `start: false`. On a SimulatedNetwork it runs on the network's
 * queue, and the queue runs until the node has started (its first dials answered).
 */
export async function makeNode(net: MemoryNetwork, params: NetworkParams = REGTEST, o: { id?: string; start?: boolean; secretOf?: string; store?: MemoryChainStore; now?: () => number; timers?: Timers; options?: Partial<NodeOptions> } = {}): Promise<TestNode> {
  const name = o.id ?? `n${counter++}`;
  const store = o.store ?? new MemoryChainStore();
  const holder: TestNode = { node: null as unknown as SimpleCoinNode, store, transport: null };
  holder.node = await SimpleCoinNode.open({
    params,
    store,
    now: o.now ?? testClock,
    chooseSignaling: memorySignaling,
    timers: o.timers ?? timersOf(net),
    random: seededRandom(name),
    nodeSecret: sha256(utf8(`node ${o.secretOf ?? name}`)),
    software: 'SimpleCoin/test',
    openTransport: async () => (holder.transport = net.createTransport(name)),
    claimRendezvous: async (_c, id) => {
      try {
        return net.createTransport(id);
      } catch {
        return null;
      }
    },
    ...o.options,
  });
  if (o.start === false) return holder;
  const started = holder.node.startNetwork();
  await (net instanceof SimulatedNetwork ? net.settle(started, 5_000, `${name} started`) : started);
  return holder;
}

/**
 * Whether each node holds exactly one session and it is ready: two nodes that dialled each other
 * at once have settled on one link (the other closes as a duplicate), so a test may hold on to it.
 */
export const oneLinkEach = (...nodes: TestNode[]): boolean => nodes.every((n) => n.node.p2p!.pool.sessions.size === 1 && n.node.p2p!.pool.ready().length === 1);

/**
 * A chain mined offline: 3 blocks paying ALICE (regtest coinbases mature after 2), then a 4th
 * holding ALICE's transfer `pay`. Returns the blocks' bytes, to hand to the nodes under test.
 */
export async function offlineChain(pay: TransferTx): Promise<Uint8Array[]> {
  const source = await makeNode(new SimulatedNetwork(), REGTEST, { start: false });
  await source.node.mineRegtestBlocks(3, ALICE.pub);
  source.node.mempool.add(pay);
  await source.node.mineRegtestBlocks(1, ALICE.pub);
  if (source.node.chain.height !== 4) throw new Error(`the offline chain is ${source.node.chain.height} blocks, not 4`);
  return Promise.all(source.node.chain.activeFrom(1).map(async (e) => (await source.store.getBlock(e!.hashHex))!));
}
