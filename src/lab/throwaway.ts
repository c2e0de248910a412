// A throwaway identity for the lab's attacks: a fresh node key (and handshake nonce) speaking on a
// transport of its own, as an attacker would, so the tab's own node keeps its peers and its good
// name. Its software string says what it is: the lab's attacker is honest about being one, so the
// class can see which links are the attack (the honest node's defences never look at it).
import type { NetworkParams } from '../core/protocol/networks';
import type { Timers } from '../core/util/timers';
import { publicKeyOf } from '../core/primitives/tx';
import type { Transport } from '../net/transport';
import type { SessionContext } from '../node/p2p/peer';
import type { SimpleCoinNode } from '../node/node';

export const ATTACKER_SOFTWARE = 'SimpleCoin/lab-attacker';

export interface ThrowawayDeps {
  node: SimpleCoinNode;
  /** A fresh transport for the throwaway identity (on a lab network, wrapped in its conditions). */
  openTransport: () => Promise<Transport>;
  timers: Timers;
  random: (n: number) => Uint8Array;
}

/** A session context for a new identity on `transport`: it claims the node's own tip (nothing to fetch from it). */
export function throwawayContext(params: NetworkParams, deps: ThrowawayDeps, transport: Transport): SessionContext {
  const { node, timers, random } = deps;
  const secret = random(32);
  const identity = { secret, key: publicKeyOf(secret), nonce: random(8).reduce((n, b) => (n << 8n) | BigInt(b), 0n) };
  return { params, identity, timers, random, software: ATTACKER_SOFTWARE, localPeerId: () => transport.localId, best: () => ({ height: node.chain.height, work: node.chain.tip.work }) };
}
