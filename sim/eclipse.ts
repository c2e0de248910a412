// The eclipse scenario: a victim node on an honest network of real nodes, and an attacker that
// tries to become everything the victim sees. The attacker has ATTACKER_KEYS node keys, each on
// its own transport (listed by the signaling server like anyone). It floods `addr` with its own
// ids (at the rate the victim allows), fills as many of the victim's inbound slots as it may
// (each link claiming an honest node's or a rendezvous PeerJS id),
// withholds every block, and from throwaway ids impersonates honest nodes (claims their key and
// PeerJS id) and misbehaves, so that a victim that bans claimed identities bans honest peers.
// Halfway through, the victim's tab restarts. Sampled each simulated second: is at least one of
// the victim's outbound peers honest? And how long after it was mined does each honest block
// reach the victim?
import { sha256 } from '@noble/hashes/sha2.js';
import { SimpleCoinNode } from '../src/node/node';
import { PeerSession, type SessionContext, type SessionOwner } from '../src/node/p2p/peer';
import type { AddrRecord } from '../src/node/p2p/addrman';
import { memorySignaling, type MemoryTransport } from '../src/net/memory-transport';
import { seededRandom } from './fakes';
import type { Link } from '../src/net/transport';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { blockHash } from '../src/core/primitives/block';
import { toHex, utf8 } from '../src/core/encoding/bytes';
import { publicKeyOf } from '../src/core/primitives/tx';
import { MAX_ADDR } from '../src/core/p2p/messages';
import { EventQueue, prng } from './events';
import { SimulatedNetwork } from './simulated-network';

export interface EclipseScenario {
  name: string;
  seed: number;
  honest: number;
  attackerKeys: number;
  /** Simulated seconds of attack. */
  durationS: number;
  /** Mean seconds between honest blocks. */
  intervalS: number;
  /** The victim's tab restarts this many seconds into the attack (null: never). */
  restartAtS: number | null;
  /** Off: the counterfactual, one flat known-peer table, any route, no anchors or eviction. */
  defences: boolean;
  /** Each attacker key re-dials the victim about this often while it has no link (default 60). */
  attackRetryS?: number;
}

export interface EclipseResult {
  scenario: string;
  defences: boolean;
  honestPeers: number;
  attackerKeys: number;
  simulatedS: number;
  /** Seconds (of samples, one per second) in which no outbound peer of the victim was honest. */
  eclipsedS: number;
  eclipsedFraction: number;
  minHonestOutbound: number;
  /** Honest blocks, and how long each took to reach the victim (never: until the end). */
  blocks: number;
  victimBlockDelayP95S: number;
  victimBlockDelayMaxS: number;
  /** The victim's known-peer table at the end, and the attacker's share of it. */
  knownPeers: number;
  attackerShareOfKnown: number;
  addrIdsSent: number;
  attackerLinksOpened: number;
  wallSeconds: number;
  events: number;
}

const ADDR_EVERY_MS = 10_500;

export async function simulateEclipse(sc: EclipseScenario): Promise<EclipseResult> {
  const wallStart = performance.now();
  const q = new EventQueue();
  const rand = prng(sc.seed);
  const baseTime = REGTEST.genesis.header.time + 1_000;
  const nowS = () => baseTime + Math.floor(q.now() / 1000);
  const latency = new Map<string, number>();
  const net = new SimulatedNetwork({
    discovery: true,
    latencyMs: (from, to) => {
      const key = from < to ? `${from}|${to}` : `${to}|${from}`;
      let l = latency.get(key);
      if (l === undefined) latency.set(key, (l = 30 + 120 * rand()));
      return l;
    },
  }, q);
  // One counter for every source: the recorded figures were drawn this way.
  const counter = { next: 0 };
  const randomFor = (label: string) => seededRandom(`${sc.seed}:${label}`, counter);

  const honestIds = Array.from({ length: sc.honest }, (_, i) => `h${i}`);
  const honestKeys = honestIds.map((id) => publicKeyOf(sha256(utf8(`eclipse ${sc.seed} ${id}`))));
  /** Rendezvous ids and who holds them: an outbound link to one is honest if its holder is. */
  const holders = new Map<string, string>();
  const makeNode = (id: string, persisted?: VictimMemory) =>
    SimpleCoinNode.open({
      params: REGTEST,
      store: persisted?.store ?? new MemoryChainStore(),
      now: nowS,
      chooseSignaling: memorySignaling,
      timers: q,
      random: randomFor(id),
      nodeSecret: sha256(utf8(`eclipse ${sc.seed} ${id}`)),
      software: 'SimpleCoin/sim',
      pingIntervalMs: 60_000,
      openTransport: async () => net.createTransport(id),
      claimRendezvous: async (_choice, rv) => {
        if (net.lookup(rv)) return null;
        holders.set(rv, id);
        return net.createTransport(rv);
      },
      knownPeers: persisted
        ? { load: async () => [...persisted.known.values()], remember: (r) => persisted.known.set(r.id, r), forget: (k) => persisted.known.delete(k) }
        : { load: async () => honestIds.filter((h) => h !== id).map((h) => record(h, false)), remember: () => {}, forget: () => {} },
      anchors: persisted ? { load: async () => persisted.anchors, save: (ids) => (persisted.anchors = ids) } : undefined,
      eclipseDefences: sc.defences,
    });

  const honest: SimpleCoinNode[] = [];
  for (const id of honestIds) {
    const node = await makeNode(id);
    honest.push(node);
    void node.startNetwork();
    await q.runUntil(q.now() + 500);
  }
  // The victim was on the honest network before: it knows those peers and has reached them.
  const memory: VictimMemory = { store: new MemoryChainStore(), known: new Map(honestIds.map((h) => [h, record(h, true)])), anchors: [] };
  let victim = await makeNode('victim', memory);
  void victim.startNetwork();
  await q.runUntil(q.now() + 60_000);

  // The attack.
  const attackStart = q.now();
  const end = attackStart + sc.durationS * 1000;
  const attackerIds = Array.from({ length: sc.attackerKeys }, (_, i) => `a${i}`);
  const attackerSecrets = attackerIds.map((id) => sha256(utf8(`attacker ${sc.seed} ${id}`)));
  const attackerRandom = randomFor('attacker');
  let addrIdsSent = 0;
  let linksOpened = 0;
  let throwaway = 0;
  const ctxFor = (transportId: string, secret: Uint8Array, claim?: { key: Uint8Array; peerId: string }): SessionContext => ({
    params: REGTEST,
    identity: { secret, key: claim?.key ?? publicKeyOf(secret), nonce: BigInt(1_000_000 + linksOpened) },
    timers: q,
    random: attackerRandom,
    software: 'SimpleCoin/sim',
    localPeerId: () => claim?.peerId ?? transportId,
    // Claims exactly the honest tip: nothing to fetch from it, nothing to give away.
    best: () => ({ height: honest[0]!.chain.height, work: honest[0]!.chain.tip.work }),
    pingIntervalMs: 60_000,
  });
  const flood = (s: PeerSession) => {
    if (s.state !== 'ready' || q.now() > end) return;
    const ids = attackerIds.slice(0, MAX_ADDR);
    addrIdsSent += ids.length;
    s.send({ type: 'addr', ids });
    q.setTimeout(() => flood(s), ADDR_EVERY_MS);
  };
  /** An attacker link that looks like a quiet, well-behaved peer: answers pings, never relays. */
  const passive: SessionOwner = {
    onReady: (s) => flood(s),
    onMessage: () => {},
    // The victim's tab went away: be back first when it returns.
    onClose: (s, reason) => {
      if (/node stopping/.test(reason)) for (const i of attackerIds.keys()) if (victimLinks.get(attackerIds[i]!) === s) q.setTimeout(() => void dialVictim(i, false), 1_000 + 2_000 * rand());
    },
    onOutdated: () => {},
  };
  /** Whom each link claims to be: every honest node's id and every rendezvous id, in turn. */
  const claimable = () => [...honestIds, ...holders.keys()];
  const open = (link: Link, ctx: SessionContext, owner: SessionOwner) => {
    linksOpened++;
    new PeerSession(link, ctx, owner).start();
  };
  const victimLinks = new Map<string, PeerSession>();
  const transports: MemoryTransport[] = attackerIds.map((id, i) => {
    const t = net.createTransport(id);
    t.on('link', (link) => open(link, ctxFor(id, attackerSecrets[i]!), passive));
    return t;
  });
  const dialVictim = async (i: number, again = true) => {
    if (q.now() > end) return;
    const id = attackerIds[i]!;
    const live = victimLinks.get(id);
    if (!live || live.state === 'closed') {
      const link = await transports[i]!.connect('victim').catch(() => null);
      if (link) {
        linksOpened++;
        // Each link claims an honest node's PeerJS id: a victim that believes it is then already
        // connected to that node and never dials it.
        const claim = claimable();
        const s = new PeerSession(link, ctxFor(id, attackerSecrets[i]!, { key: publicKeyOf(attackerSecrets[i]!), peerId: claim[i % claim.length]! }), passive);
        victimLinks.set(id, s);
        s.start();
      }
    }
    if (again) q.setTimeout(() => void dialVictim(i), (sc.attackRetryS ?? 60) * 1000 * (0.5 + rand()));
  };
  /** From a fresh id: claims honest node `h`, then breaks the handshake or sends garbage. */
  const impersonate = async () => {
    if (q.now() > end) return;
    const h = Math.floor(rand() * sc.honest);
    const t = net.createTransport(`x${throwaway++}`);
    const link = await t.connect('victim').catch(() => null);
    if (link) {
      const proveKey = throwaway % 2 === 0;
      const secret = attackerSecrets[throwaway % sc.attackerKeys]!;
      // Odd turns claim the honest key (the signature cannot verify); even turns prove an attacker
      // key but claim the honest PeerJS id, then send an undecodable message.
      const ctx = ctxFor(t.localId, secret, { key: proveKey ? publicKeyOf(secret) : honestKeys[h]!, peerId: honestIds[h]! });
      open(link, ctx, { ...passive, onReady: (s) => s.link.send(new Uint8Array([0xee, 0xee, 0xee])) });
    }
    q.setTimeout(() => t.close(), 5_000);
    q.setTimeout(() => void impersonate(), 20_000 * (0.5 + rand()));
  };
  for (const i of attackerIds.keys()) q.setTimeout(() => void dialVictim(i), 1_000 * rand());
  void impersonate();

  // Honest mining, and when each block reaches the victim.
  const mined = new Map<string, number>();
  const reached = new Map<string, number>();
  const watch = (n: SimpleCoinNode) =>
    n.chain.events.on('connect', ({ entry }) => {
      if (!reached.has(entry.hashHex)) reached.set(entry.hashHex, q.now());
    });
  watch(victim);
  const mine = async () => {
    if (q.now() > end) return;
    const miner = honest[Math.floor(rand() * honest.length)]!;
    const block = createBlockTemplate({ params: REGTEST, parent: miner.chain.templateParent(), txs: [], recipient: publicKeyOf(sha256(utf8(`miner ${mined.size}`))), now: nowS() });
    solveBlock(block);
    mined.set(toHex(blockHash(block)), q.now());
    await miner.submitBlock(block).catch(() => undefined);
    q.setTimeout(() => void mine(), -Math.log(1 - rand()) * sc.intervalS * 1000);
  };
  q.setTimeout(() => void mine(), -Math.log(1 - rand()) * sc.intervalS * 1000);

  let eclipsedS = 0;
  let minHonest = Infinity;
  const sample = () => {
    const outbound = victim.p2p?.pool.ready().filter((s) => s.direction === 'outbound') ?? [];
    const honestOut = outbound.filter((s) => honestIds.includes(holders.get(s.id) ?? s.id)).length;
    minHonest = Math.min(minHonest, honestOut);
    if (honestOut === 0) eclipsedS++;
    if (q.now() + 1000 <= end) q.setTimeout(sample, 1000);
  };
  q.setTimeout(sample, 1000);
  if (sc.restartAtS !== null) {
    await q.runUntil(attackStart + sc.restartAtS * 1000);
    victim.stop();
    victim = await makeNode('victim', memory);
    watch(victim);
    void victim.startNetwork();
  }
  await q.runUntil(end);

  const best = new Set(honest[0]!.chain.activeFrom().map((e) => e.hashHex));
  const delays = [...mined].filter(([h]) => best.has(h)).map(([h, at]) => ((reached.get(h) ?? end) - at) / 1000);
  delays.sort((a, b) => a - b);
  const known = victim.p2p?.pool.knownIds() ?? [];
  const attackerShare = known.filter((id) => !honestIds.includes(id) && !holders.has(id)).length / Math.max(1, known.length);
  for (const n of [...honest, victim]) n.stop();
  for (const t of transports) t.close();
  const samples = Math.floor(sc.durationS);
  return {
    scenario: sc.name,
    defences: sc.defences,
    honestPeers: sc.honest,
    attackerKeys: sc.attackerKeys,
    simulatedS: sc.durationS,
    eclipsedS,
    eclipsedFraction: +(eclipsedS / samples).toFixed(4),
    minHonestOutbound: minHonest,
    blocks: delays.length,
    victimBlockDelayP95S: +(delays[Math.floor(0.95 * (delays.length - 1))] ?? 0).toFixed(2),
    victimBlockDelayMaxS: +(delays[delays.length - 1] ?? 0).toFixed(2),
    knownPeers: known.length,
    attackerShareOfKnown: +attackerShare.toFixed(3),
    addrIdsSent,
    attackerLinksOpened: linksOpened,
    wallSeconds: +((performance.now() - wallStart) / 1000).toFixed(1),
    events: q.processed,
  };
}

interface VictimMemory {
  store: MemoryChainStore;
  known: Map<string, AddrRecord>;
  anchors: string[];
}

const record = (id: string, tried: boolean): AddrRecord => ({ id, source: 'stored', tried, failures: 0, lastSuccess: 0 });
