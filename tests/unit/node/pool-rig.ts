// Peer pools on the in-memory network, with what each one told its owner recorded: the rig of
// the pool tests (pool-sessions, pool-dialling). Every remote end is a pool too, so both ends of
// every link run the real handshake and the real pool rules.
import { sha256 } from '@noble/hashes/sha2.js';
import { REGTEST } from '../../../src/core/protocol/networks';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import type { Message } from '../../../src/core/p2p/messages';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { PeerPool, RENDEZVOUS_SLOTS, rendezvousId, type PoolHandlers, type PoolOptions } from '../../../src/node/p2p/pool';
import type { AddrRecord } from '../../../src/node/p2p/addrman';
import type { MemoryTransport } from '../../../src/net/memory-transport';
import { seededRandom, type SimulatedNetwork } from './harness';

/** A node identity: the key is `keyName`'s, so two pools can be one node (same key, other ids).
 * The nonce is the process's: two ends with one nonce refuse each other as ourselves. */
export const identityOf = (keyName: string, nonce = BigInt(`0x${toHex(sha256(utf8(keyName))).slice(0, 12)}`)) => {
  const secret = sha256(utf8(`pool rig ${keyName}`));
  return { secret, key: publicKeyOf(secret), nonce };
};
export const keyOf = (keyName: string): string => toHex(identityOf(keyName).key);

export class Recorder implements PoolHandlers {
  readonly ready: string[] = [];
  readonly closed: string[] = [];
  readonly messages: [string, Message['type']][] = [];
  readonly outdated: number[] = [];
  changes = 0;
  onReady(s: PeerSession): void {
    this.ready.push(s.id);
  }
  onMessage(s: PeerSession, m: Message): void {
    this.messages.push([s.id, m.type]);
  }
  onClose(s: PeerSession): void {
    this.closed.push(s.id);
  }
  onChange(): void {
    this.changes++;
  }
  onOutdated(minVersion: number): void {
    this.outdated.push(minVersion);
  }
}

export interface RigPool {
  pool: PeerPool;
  log: Recorder;
  name: string;
  transport: MemoryTransport;
  /** Dials `id` as the pool's own maintenance would (route: the signaling server's list). */
  dial(id: string): Promise<void>;
}

export type RigOptions = Partial<Omit<PoolOptions, 'ctx' | 'transport'>> & { keyName?: string; nonce?: bigint };

/** A pool at transport id `name`, not started. With no discovery and nobody known (the
 * default), its maintenance dials only the rendezvous ids, which nobody holds unless a test does. */
export function poolOf(net: SimulatedNetwork, name: string, o: RigOptions = {}): RigPool {
  const { keyName, nonce, ...options } = o;
  const log = new Recorder();
  const ctx = { params: REGTEST, identity: identityOf(keyName ?? name, nonce), timers: net.q, random: seededRandom(name), software: 'rig', best: () => ({ height: 0, work: 0n }) };
  const transport = net.createTransport(name);
  const pool = new PeerPool({ ctx, transport, targetOutbound: 8, ...options }, log);
  const dial = async (id: string) => pool.adopt(await net.settle(transport.connect(id)), name, 'signaling');
  return { pool, log, name, transport, dial };
}

export async function started(net: SimulatedNetwork, name: string, o: RigOptions = {}): Promise<RigPool> {
  const p = poolOf(net, name, o);
  await net.settle(p.pool.start());
  return p;
}

export const stopAll = (...pools: RigPool[]): void => pools.forEach((p) => p.pool.stop());

/** The ids of a pool's ready sessions, sorted. */
export const readyIds = (p: RigPool): string[] => p.pool.ready().map((s) => s.id).sort();

/** How the sessions to `id` ended, oldest first. */
export const closesOf = (p: RigPool, id: string): string[] => p.pool.closed.filter((c) => c.id === id).map((c) => c.code).reverse();

export const rendezvousIds = Array.from({ length: RENDEZVOUS_SLOTS }, (_, k) => rendezvousId(REGTEST, k));

/** A known-peer store that starts with `ids` (never tried) and keeps nothing. */
export const known = (...ids: string[]): RigOptions['knownPeers'] => ({
  load: async () => ids.map((id): AddrRecord => ({ id, source: 'stored', tried: false, failures: 0, lastSuccess: 0 })),
  remember: () => {},
  forget: () => {},
});

/** Shuns the rendezvous ids, so the pool's only way out is the route a test gives it. */
export function onlyKnownRoutes(p: RigPool): RigPool {
  for (const id of rendezvousIds) p.pool.bans.add(id, Number.MAX_SAFE_INTEGER);
  return p;
}

export async function startedOnly(net: SimulatedNetwork, name: string, o: RigOptions): Promise<RigPool> {
  const p = onlyKnownRoutes(poolOf(net, name, o));
  await net.settle(p.pool.start());
  return p;
}
