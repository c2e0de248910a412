// The peer pool: which links become sessions, how many, and how we find more. Discovery needs no
// configuration: the signaling server's peer list where it has one, well-known rendezvous ids per
// network (a node claims a free one with a second Peer; others dial the holders), and peer
// exchange (getaddr/addr). Shunned peers stay away for SHUN_MS, by what they proved: the link's
// transport id, and the node key whose signature verified on that link, never what they claimed.
//
// Eclipse resistance (Bitcoin Core's model): ids heard of are kept in an addrman, bucketed by who
// told us (addrman.ts); outbound slots are shared out between the routes we found peers by, so no
// single route (one a stranger can flood) fills them all; the last good outbound peers are kept
// across restarts as anchors; and when slots run out, the peers that are useful are kept
// (eviction.ts).
import { toHex } from '../../core/encoding/bytes';
import { BoundedMap, BoundedSet } from '../../core/util/bounded-map';
import { MAX_ADDR, type Message } from '../../core/p2p/messages';
import type { Link, Transport } from '../../net/transport';
import { PeerSession, type SessionContext, type SessionOwner } from './peer';
import { PeerBudgets, TokenBucket } from './budget';
import { ShunList } from './shun-list';
import { AddrMan, type AddrRecord } from './addrman';
import { selectInboundToEvict, selectOutboundToDrop, type PeerStanding } from './eviction';
import { MAX_ANCHORS, planDials, rendezvousId, sample, type Route } from './routes';
import type { CloseCode } from './close-codes';

export { peerJsIdPart, rendezvousId } from './routes';

export const TARGET_OUTBOUND = 8;
export const MAX_INBOUND = 24;
export const SHUN_MS = 30 * 60_000;
export const MAINTAIN_MS = 5_000;
export const RENDEZVOUS_SLOTS = 4;
/** New inbound links taken up per second (burst: all inbound slots). Each costs us a Schnorr
 * signature and a verification before the stranger has proved anything, and links are free. */
export const INBOUND_LINKS_PER_SEC = 2;
/** Every this many maintenance rounds a full node tries one new outbound peer and then drops the
 * least useful one (eviction.ts), so a network that split into well-connected halves heals. */
export const ROTATE_EVERY = 24;
/** Without the eclipse defences (the simulator's counterfactual): today's flat table. */
const MAX_KNOWN = 1_000;
const MAX_CLOSED_SHOWN = 20;
/** Distinct verified node keys that must require a newer protocol before we tell the user to update. */
export const OUTDATED_QUORUM = 2;

export interface PoolHandlers {
  onReady(s: PeerSession): void;
  onMessage(s: PeerSession, m: Message): void;
  onClose(s: PeerSession): void;
  onChange(): void;
  onOutdated(minVersion: number): void;
}

export interface PoolOptions {
  ctx: Omit<SessionContext, 'localPeerId'>;
  transport: Transport;
  /** Claims a rendezvous id with a second Peer; null if someone holds it. */
  claimRendezvous?: (id: string) => Promise<Transport | null>;
  /** The addrman's entries from earlier sessions, and where to keep them. */
  knownPeers?: { load(): Promise<AddrRecord[]>; remember(record: AddrRecord): void; forget(id: string): void };
  /** The last good outbound peers, kept across restarts. */
  anchors?: { load(): Promise<string[]>; save(ids: string[]): void };
  targetOutbound?: number;
  maxInbound?: number;
  /** False only in the simulator's counterfactual: one flat table, any route, no anchors or eviction. */
  eclipseDefences?: boolean;
}

interface Standing {
  connectedAt: number;
  lastBlockAt: number | null;
  route: Route | null;
}

export interface ClosedPeer {
  id: string;
  /** What the UI shows, in the user's language; `reason` is the detail, in English, for logs. */
  code: CloseCode;
  reason: string;
  at: number;
}

export class PeerPool implements SessionOwner {
  readonly sessions = new Set<PeerSession>();
  readonly closed: ClosedPeer[] = [];
  readonly bans = new ShunList();
  private readonly inboundLinks: TokenBucket;
  /** Transport ids proven to reach a node key (a link to that id verified it): not dialled while it is connected. */
  private readonly reaches = new BoundedMap<string, string>(MAX_KNOWN);
  /** Verified node keys that require a newer protocol, with the version each requires. */
  private readonly newerPeers = new Map<string, number>();
  readonly addrman: AddrMan;
  private readonly flatKnown = new BoundedSet<string>(MAX_KNOWN);
  private readonly defended: boolean;
  private readonly standing = new WeakMap<PeerSession, Standing>();
  /** Anchors from the last run, each dialled once at start. */
  private anchorsToDial: string[] = [];
  private savedAnchors = '';
  private readonly dialing = new Map<string, Route>();
  /** `addr` at most once per 10 s, in bursts of 3. */
  private readonly addrBudget = new PeerBudgets<PeerSession>(0.1, 3);
  private rendezvous: Transport | null = null;
  /** A test and teaching hook: peers this returns false for are refused, as if the network split. */
  private partition: ((nodeKeyHex: string) => boolean) | null = null;
  private timer: unknown = null;
  private stopped = false;
  private rounds = 0;

  constructor(
    private readonly options: PoolOptions,
    private readonly handlers: PoolHandlers,
  ) {
    this.defended = options.eclipseDefences ?? true;
    this.inboundLinks = new TokenBucket(INBOUND_LINKS_PER_SEC, MAX_INBOUND, options.ctx.timers.now());
    const store = options.knownPeers;
    this.addrman = new AddrMan(options.ctx.random(32), options.ctx.random, {
      saved: (r) => store?.remember(r),
      forgotten: (id) => store?.forget(id),
    });
  }

  get localId(): string {
    return this.options.transport.localId;
  }

  get rendezvousHeld(): string | null {
    return this.rendezvous?.localId ?? null;
  }

  ready(): PeerSession[] {
    return [...this.sessions].filter((s) => s.state === 'ready');
  }

  async start(): Promise<void> {
    this.options.transport.on('link', (link) => this.adopt(link));
    const records = (await this.options.knownPeers?.load()) ?? [];
    if (this.defended) {
      this.addrman.restore(records, this.now());
      this.anchorsToDial = ((await this.options.anchors?.load()) ?? []).slice(0, MAX_ANCHORS);
    } else for (const r of records) this.flatKnown.add(r.id);
    await this.maintain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.options.ctx.timers.clearTimeout(this.timer);
    for (const s of [...this.sessions]) s.close('stopping', 'node stopping');
    this.rendezvous?.close();
    this.rendezvous = null;
  }

  isBanned(key: string): boolean {
    return this.bans.has(key, this.now());
  }

  adopt(link: Link, localId = this.localId, route: Route | null = null): void {
    if (this.stopped || this.isBanned(link.remoteId)) return link.close('shunned');
    if (link.direction === 'inbound' && !this.inboundLinks.take(1, this.now())) return link.close('inbound-busy: new links arrive too fast');
    const inbound = [...this.sessions].filter((s) => s.direction === 'inbound');
    if (link.direction === 'inbound' && inbound.length >= (this.options.maxInbound ?? MAX_INBOUND)) {
      const evict = this.defended ? selectInboundToEvict(inbound.map((s) => this.standingOf(s))) : null;
      if (!evict) return link.close('inbound slots full');
      evict.close('evicted', 'evicted: inbound slots full, and a more useful peer stays');
    }
    const session = new PeerSession(link, { ...this.options.ctx, localPeerId: () => this.localId }, this, localId);
    this.standing.set(session, { connectedAt: this.now(), lastBlockAt: null, route });
    this.sessions.add(session);
    session.start();
    this.handlers.onChange();
  }

  /** Splits the network (null heals it): sessions to peers outside the allowed side close. */
  setPartition(allowed: ((nodeKeyHex: string) => boolean) | null): void {
    this.partition = allowed;
    if (allowed) {
      for (const s of [...this.sessions]) if (s.state === 'ready' && !allowed(s.nodeKeyHex)) s.close('partitioned', 'partitioned');
    } else {
      void this.maintain();
    }
  }

  onReady(s: PeerSession): void {
    this.reaches.touch(s.id, s.nodeKeyHex);
    if (this.isBanned(s.nodeKeyHex)) return s.refuse('shunned', 'this node key is shunned');
    if (this.partition && !this.partition(s.nodeKeyHex)) return s.close('partitioned', 'partitioned');
    // The same node key with another per-process nonce: the peer restarted (its tab was killed or
    // reloaded). A killed tab never closes its channels, so the old session is a corpse.
    for (const o of [...this.sessions]) {
      if (o !== s && o.nodeKeyHex === s.nodeKeyHex && o.remote && o.remote.nonce !== s.remote?.nonce) o.refuse('restarted', 'peer restarted');
    }
    // One session per node, however many ids (main and rendezvous) it is reachable at. Only the
    // end with the smaller node key decides which to drop, so the two ends never drop both.
    const twins = [...this.sessions].filter((o) => o.state === 'ready' && o.nodeKeyHex === s.nodeKeyHex);
    if (twins.length > 1 && toHex(this.options.ctx.identity.key) < s.nodeKeyHex) {
      const keep = twins.reduce((a, b) => (b.connectionName < a.connectionName ? b : a));
      for (const t of twins) if (t !== keep) t.refuse('duplicate', 'already connected');
      if (keep !== s) return;
    }
    // The link's own remote id is reachable and proven; the peerId a version claims is neither.
    const route = this.standing.get(s)?.route;
    if (s.direction === 'inbound') this.learn(s.id, 'inbound');
    else if (this.defended && route !== 'rendezvous') this.addrman.good(s.id, route ?? 'addr', this.now());
    else if (!this.defended) this.learn(s.id, 'outbound');
    if (s.direction === 'outbound') {
      this.trimOutbound();
      this.saveAnchors();
    }
    s.send({ type: 'getaddr' });
    this.handlers.onReady(s);
    this.handlers.onChange();
  }

  onMessage(s: PeerSession, m: Message): void {
    if (m.type === 'getaddr') return this.sendAddr(s);
    if (m.type === 'addr') {
      if (!this.addrBudget.take(s, 1, this.options.ctx.timers.now())) return s.misbehave('flood-addr');
      // The source group is the route the sender came by, not the sender: ids are free, so a
      // stranger can be many senders, but each route fills at most 1/16 of the table (addrman.ts).
      const source = s.direction === 'outbound' ? `out:${this.standing.get(s)?.route ?? 'addr'}` : 'inbound';
      for (const id of m.ids) this.learn(id, source);
      return;
    }
    this.handlers.onMessage(s, m);
  }

  onClose(s: PeerSession, reason: string, ban: boolean, code: CloseCode): void {
    this.sessions.delete(s);
    if (ban) {
      const until = this.options.ctx.timers.now() + SHUN_MS;
      this.bans.add(s.id, until);
      // Empty until the peer's signature verified on this link: a key it only claimed stays free.
      if (s.nodeKeyHex) this.bans.add(s.nodeKeyHex, until);
    }
    if (s.direction === 'outbound') this.saveAnchors();
    this.closed.unshift({ id: s.id, code, reason, at: this.options.ctx.timers.now() });
    this.closed.length = Math.min(this.closed.length, MAX_CLOSED_SHOWN);
    this.handlers.onClose(s);
    this.handlers.onChange();
  }

  /** A verified peer requires a newer protocol. One key is free to make, so it takes a quorum. */
  onOutdated(s: PeerSession, minVersion: number): void {
    if (!s.nodeKeyHex) return;
    if (this.newerPeers.size < OUTDATED_QUORUM) this.newerPeers.set(s.nodeKeyHex, minVersion);
    if (this.newerPeers.size >= OUTDATED_QUORUM) this.handlers.onOutdated(Math.min(...this.newerPeers.values()));
  }

  private now(): number {
    return this.options.ctx.timers.now();
  }

  private learn(id: string, source: string): void {
    if (id === this.localId || id.length === 0) return;
    if (this.defended) {
      this.addrman.add(id, source, this.now());
    } else if (!this.flatKnown.has(id)) {
      this.flatKnown.add(id);
      this.options.knownPeers?.remember({ id, source, tried: false, failures: 0, lastSuccess: 0 });
    }
  }

  private standingOf(s: PeerSession): PeerStanding<PeerSession> {
    const st = this.standing.get(s);
    return { peer: s, connectedAt: st?.connectedAt ?? 0, latencyMs: s.latencyMs, lastBlockAt: st?.lastBlockAt ?? null };
  }

  /** Every id in the known-peer table (for tests and the simulator). */
  knownIds(): string[] {
    return this.defended ? this.addrman.records().map((r) => r.id) : [...this.flatKnown.values()];
  }

  /** This peer gave us a block that became our tip: the eviction logic protects it for that. */
  noteNewBlock(s: PeerSession): void {
    const st = this.standing.get(s);
    if (st) st.lastBlockAt = this.now();
  }

  private readyOutbound(): PeerSession[] {
    return this.ready().filter((o) => o.direction === 'outbound');
  }

  /** Over the outbound target (after a rotation dial): let the least useful outbound peer go. */
  private trimOutbound(): void {
    const outbound = this.readyOutbound();
    if (outbound.length <= (this.options.targetOutbound ?? TARGET_OUTBOUND)) return;
    const drop = this.defended ? selectOutboundToDrop(outbound.map((o) => this.standingOf(o)), this.now()) : outbound[0];
    drop?.close('rotating', 'rotating peers');
  }

  /** The outbound peers that most recently brought a block, then the longest connected. */
  private saveAnchors(): void {
    const store = this.options.anchors;
    if (!store || !this.defended || this.stopped) return;
    const ranked = this.readyOutbound()
      .filter((o) => this.standing.get(o)?.route !== 'rendezvous')
      .map((o) => this.standingOf(o))
      .sort((a, b) => (b.lastBlockAt ?? -1) - (a.lastBlockAt ?? -1) || a.connectedAt - b.connectedAt);
    const ids = ranked.slice(0, MAX_ANCHORS).map((r) => r.peer.id);
    if (ids.length === 0 || ids.join() === this.savedAnchors) return;
    this.savedAnchors = ids.join();
    store.save(ids);
  }

  private sendAddr(s: PeerSession): void {
    const ids = new Set<string>([this.localId]);
    // Only ids a link proved: a peer's claim about itself is never passed on.
    for (const p of this.ready()) if (p !== s && p.provenPeerId) ids.add(p.provenPeerId);
    s.send({ type: 'addr', ids: [...ids].slice(0, MAX_ADDR) });
  }

  /** Only the link's own remote id counts: a peerId claimed in a version proves nothing, and a
   * stranger claiming every honest id would otherwise stop us from dialling any of them. */
  private connectedTo(id: string): boolean {
    const key = this.reaches.get(id);
    for (const s of this.sessions) if (s.id === id || (key && s.nodeKeyHex === key)) return true;
    return false;
  }

  /** Not an id we are connected to, or whose node (its key proven over a link to that id) we are. */
  private dialable(id: string): boolean {
    return !(this.stopped || this.dialing.has(id) || this.connectedTo(id) || this.isBanned(id) || id === this.localId || id === this.rendezvousHeld);
  }

  /** Dials an id planDials chose (so dialable: nothing changes between planning and dialling). */
  private async dial(id: string, route: Route): Promise<void> {
    this.dialing.set(id, route);
    if (route !== 'rendezvous') this.addrman.attempt(id, this.now());
    try {
      this.adopt(await this.options.transport.connect(id, 8_000), this.localId, route);
    } catch {
      // Gone or unreachable: maintenance tries others.
    } finally {
      this.dialing.delete(id);
    }
  }

  /** Keeps the outbound target filled; runs every MAINTAIN_MS. */
  async maintain(): Promise<void> {
    if (this.stopped) return;
    try {
      const outbound = [...this.sessions].filter((s) => s.direction === 'outbound').length;
      const target = this.options.targetOutbound ?? TARGET_OUTBOUND;
      this.rounds++;
      const rotate = outbound >= target && this.rounds % ROTATE_EVERY === 0 ? 1 : 0;
      const want = Math.max(target - outbound - this.dialing.size, rotate);
      if (want > 0) {
        const listed = await this.options.transport.listPeers().catch(() => [] as string[]);
        const chosen = this.defended ? this.planDials(want, listed) : this.flatDials(want, listed);
        await Promise.all(chosen.map(([id, route]) => this.dial(id, route)));
      }
      this.trimOutbound();
      await this.rendezvousUpkeep();
    } finally {
      if (this.timer) this.options.ctx.timers.clearTimeout(this.timer);
      if (!this.stopped) this.timer = this.options.ctx.timers.setTimeout(() => void this.maintain(), MAINTAIN_MS);
    }
  }

  private planDials(want: number, listed: string[]): [string, Route][] {
    const counts: Record<Route, number> = { anchor: 0, rendezvous: 0, signaling: 0, addr: 0 };
    for (const s of this.sessions) if (s.direction === 'outbound') counts[this.standing.get(s)?.route ?? 'addr']++;
    for (const route of this.dialing.values()) counts[route]++;
    const rendezvous = this.rendezvousIds();
    return planDials(want, counts, (id) => this.dialable(id), {
      anchor: () => this.anchorsToDial.shift() ?? null,
      rendezvous: (usable) => sample(this.options.ctx.random, rendezvous.filter(usable), 1)[0] ?? null,
      signaling: (usable) => sample(this.options.ctx.random, listed.filter(usable), 1)[0] ?? null,
      addr: (usable) => this.addrman.select((id) => !usable(id), this.now()),
    });
  }

  /** The counterfactual: a random choice from everything known, whoever told us. */
  private flatDials(want: number, listed: string[]): [string, Route][] {
    const known = [...this.flatKnown.values()].reverse();
    const candidates = [...new Set([...listed, ...this.rendezvousIds(), ...known])].filter((id) => this.dialable(id));
    return sample(this.options.ctx.random, candidates, want).map((id) => [id, 'addr']);
  }

  private rendezvousIds(): string[] {
    return Array.from({ length: RENDEZVOUS_SLOTS }, (_, k) => rendezvousId(this.options.ctx.params, k));
  }

  /** Holds one rendezvous slot if one is free, so strangers without discovery can find us. */
  private async rendezvousUpkeep(): Promise<void> {
    const claim = this.options.claimRendezvous;
    if (!claim || this.rendezvous) return;
    // A claim can finish after stop(): then it is given back, and no other slot is tried.
    for (let k = 0; k < RENDEZVOUS_SLOTS && !this.rendezvous && !this.stopped; k++) {
      const id = rendezvousId(this.options.ctx.params, k);
      if (this.connectedTo(id)) continue;
      const transport = await claim(id).catch(() => null);
      if (transport && !this.stopped) {
        this.rendezvous = transport;
        transport.on('link', (link) => this.adopt(link, id));
      } else transport?.close();
    }
  }
}
