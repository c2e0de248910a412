// What a victim of the eclipse attempt (lab/eclipse-attempt.ts) sees of it, from its own node: how
// many of its outbound, anchor and inbound slots the attacker holds, how much of its known-peer
// table the attacker's `addr` flood took, and whom its eviction let go. It only reads the node's
// pool; the defences themselves are the honest node's code (node/p2p/pool.ts, addrman.ts,
// eviction.ts, routes.ts). A link is the attacker's when its peer says so (lab/throwaway.ts).
import type { NetworkParams } from '../core/protocol/networks';
import { BoundedSet } from '../core/util/bounded-map';
import { BUCKET_SIZE, NEW_BUCKETS_PER_GROUP } from '../node/p2p/addrman';
import type { ClosedPeer } from '../node/p2p/pool';
import type { PeerView } from '../node/p2p/network';
import type { SimpleCoinNode } from '../node/node';
import { MAX_ANCHORS, ROUTE_SLOTS } from '../node/p2p/routes';
import { LabTool } from './lab-tool';
import { ATTACKER_SOFTWARE } from './throwaway';

/** The most entries one source group can hold in the new table: its buckets times their slots. */
export const MAX_PER_SOURCE_GROUP = NEW_BUCKETS_PER_GROUP * BUCKET_SIZE;

export interface Split {
  honest: number;
  attacker: number;
}

export interface DefenceFigures {
  outbound: Split;
  inbound: Split;
  /** The saved anchors (the outbound peers dialled first after a restart), of MAX_ANCHORS. */
  anchors: Split;
  maxAnchors: number;
  /** Outbound slots that only anchors and rendezvous ids can fill: `addr` and the signaling list cannot. */
  reservedOutbound: number;
  known: { total: number; attacker: number; attackerTried: number; attackerSourceGroups: number; maxPerSourceGroup: number };
  /** Links this node let go to make room (eviction.ts), since the watch began; `unidentified`
   * ones were let go before their handshake said who they were. */
  evicted: Split & { unidentified: number };
  /** Attacker transport ids this node has had a link with. */
  attackerIds: number;
}

/** One point of the simulator's counterfactual (sim/eclipse-sweep.ts writes them to eclipse-counterfactual.json). */
export interface EclipseCounterfactualPoint {
  attackerKeys: number;
  defences: boolean;
  victims: number;
  /** Victims that had no honest outbound peer in some second. */
  eclipsedVictims: number;
  eclipsedFraction: number;
  /** Mean share of the attack's seconds in which a victim was eclipsed. */
  eclipsedTimeFraction: number;
  /** The fewest honest outbound peers any victim had in any second. */
  minHonestOutbound: number;
}

const MAX_WATCHED_IDS = 1_024;

export class EclipseWatch extends LabTool {
  private readonly attackerIds = new BoundedSet<string>(MAX_WATCHED_IDS);
  private readonly honestIds = new BoundedSet<string>(MAX_WATCHED_IDS);
  private readonly seenClosed = new WeakSet<ClosedPeer>();
  /** Transport ids of evicted links, one per eviction. Judged when figures are read: a link evicted
   * before its handshake finished said nothing yet, and its identity may say who it is later. */
  private readonly evictedIds: string[] = [];

  constructor(
    params: NetworkParams,
    private readonly node: Pick<SimpleCoinNode, 'events' | 'peerList' | 'p2p'>,
    /** The anchors the node saved last (its store). */
    private readonly loadAnchors: () => Promise<string[]>,
  ) {
    super(params, 'Eclipse watch');
    node.events.on('peers', ({ peers, closed }) => this.observe(peers, closed));
  }

  isAttacker(transportId: string): boolean {
    return this.attackerIds.has(transportId);
  }

  async figures(): Promise<DefenceFigures> {
    const ready = this.node.peerList().filter((p) => p.state === 'ready');
    this.observe(ready, []);
    const split = (ids: string[]): Split => {
      const attacker = ids.filter((id) => this.attackerIds.has(id)).length;
      return { honest: ids.length - attacker, attacker };
    };
    const records = this.node.p2p?.pool.addrman.records() ?? [];
    const attackerRecords = records.filter((r) => this.attackerIds.has(r.id));
    const anchors = (await this.loadAnchors().catch(() => [] as string[])).slice(0, MAX_ANCHORS);
    return {
      outbound: split(ready.filter((p) => p.direction === 'outbound').map((p) => p.id)),
      inbound: split(ready.filter((p) => p.direction === 'inbound').map((p) => p.id)),
      anchors: split(anchors),
      maxAnchors: MAX_ANCHORS,
      reservedOutbound: ROUTE_SLOTS.anchor + ROUTE_SLOTS.rendezvous,
      known: {
        total: records.length,
        attacker: attackerRecords.length,
        attackerTried: attackerRecords.filter((r) => r.tried).length,
        attackerSourceGroups: new Set(attackerRecords.map((r) => r.source)).size,
        maxPerSourceGroup: MAX_PER_SOURCE_GROUP,
      },
      evicted: {
        honest: this.evictedIds.filter((id) => this.honestIds.has(id) && !this.attackerIds.has(id)).length,
        attacker: this.evictedIds.filter((id) => this.attackerIds.has(id)).length,
        unidentified: this.evictedIds.filter((id) => !this.honestIds.has(id) && !this.attackerIds.has(id)).length,
      },
      attackerIds: this.attackerIds.size,
    };
  }

  private observe(peers: PeerView[], closed: ClosedPeer[]): void {
    for (const p of peers) {
      if (p.state !== 'ready') continue;
      (p.software === ATTACKER_SOFTWARE ? this.attackerIds : this.honestIds).add(p.id);
    }
    for (const c of closed) {
      if (this.seenClosed.has(c)) continue;
      this.seenClosed.add(c);
      if (c.code === 'evicted' && this.evictedIds.length < MAX_WATCHED_IDS) this.evictedIds.push(c.id);
    }
  }
}
