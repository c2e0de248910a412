// The peer pool: which links become sessions, how many, and how we find more. Discovery needs no
// configuration: the signaling server's peer list where it has one, well-known rendezvous ids per
// network (a node claims a free one with a second Peer; others dial the holders), and peer
// exchange (getaddr/addr). Shunned peers stay away for SHUN_MS, by what they proved: the link's
// transport id, and the node key whose signature verified on that link, never what they claimed.
import { toHex } from '../../core/encoding/bytes';
import { BoundedSet } from '../../core/util/timers';
import { MAX_ADDR, type Message } from '../../core/p2p/messages';
import type { NetworkParams } from '../../core/protocol/networks';
import type { Link, Transport } from '../../net/transport';
import { PeerSession, type SessionContext, type SessionOwner } from './peer';
import { PeerBudgets } from './budget';

export const TARGET_OUTBOUND = 8;
export const MAX_INBOUND = 24;
export const SHUN_MS = 30 * 60_000;
export const MAINTAIN_MS = 5_000;
export const RENDEZVOUS_SLOTS = 4;
/** Every this many maintenance rounds a full node tries one new outbound peer and drops its oldest
 * (like Bitcoin's feeler connections), so a network that split into well-connected halves heals. */
export const ROTATE_EVERY = 24;
const MAX_KNOWN = 1_000;
const MAX_CLOSED_SHOWN = 20;
/** Distinct verified node keys that must require a newer protocol before we tell the user to update. */
export const OUTDATED_QUORUM = 2;

export const rendezvousId = (params: NetworkParams, k: number) => `simplecoin-${params.name}-${toHex(params.genesisHash).slice(0, 8)}-rv${k}`;

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
  /** Persisted peer ids from earlier sessions, and where to put new ones. */
  knownPeers?: { load(): Promise<string[]>; remember(id: string): void };
  targetOutbound?: number;
  maxInbound?: number;
}

export interface ClosedPeer {
  id: string;
  reason: string;
  at: number;
}

export class PeerPool implements SessionOwner {
  readonly sessions = new Set<PeerSession>();
  readonly closed: ClosedPeer[] = [];
  private readonly bans = new Map<string, number>();
  /** Transport ids proven to reach a node key (a link to that id verified it): not dialled while it is connected. */
  private readonly reaches = new Map<string, string>();
  /** Verified node keys that require a newer protocol, with the version each requires. */
  private readonly newerPeers = new Map<string, number>();
  private readonly known = new BoundedSet<string>(MAX_KNOWN);
  private readonly dialing = new Set<string>();
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
  ) {}

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
    for (const id of (await this.options.knownPeers?.load()) ?? []) this.known.add(id);
    await this.maintain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.options.ctx.timers.clearTimeout(this.timer);
    for (const s of [...this.sessions]) s.close('node stopping');
    this.rendezvous?.close();
    this.rendezvous = null;
  }

  isBanned(key: string): boolean {
    const until = this.bans.get(key);
    if (until === undefined) return false;
    if (until > this.options.ctx.timers.now()) return true;
    this.bans.delete(key);
    return false;
  }

  adopt(link: Link, localId = this.localId): void {
    if (this.stopped || this.isBanned(link.remoteId)) return link.close('shunned');
    const inbound = [...this.sessions].filter((s) => s.direction === 'inbound').length;
    if (link.direction === 'inbound' && inbound >= (this.options.maxInbound ?? MAX_INBOUND)) return link.close('inbound slots full');
    const session = new PeerSession(link, { ...this.options.ctx, localPeerId: () => this.localId }, this, localId);
    this.sessions.add(session);
    session.start();
    this.handlers.onChange();
  }

  /** Splits the network (null heals it): sessions to peers outside the allowed side close. */
  setPartition(allowed: ((nodeKeyHex: string) => boolean) | null): void {
    this.partition = allowed;
    if (allowed) {
      for (const s of [...this.sessions]) if (s.state === 'ready' && !allowed(s.nodeKeyHex)) s.close('partitioned');
    } else {
      void this.maintain();
    }
  }

  onReady(s: PeerSession): void {
    this.reaches.delete(s.id);
    this.reaches.set(s.id, s.nodeKeyHex);
    if (this.reaches.size > MAX_KNOWN) this.reaches.delete(this.reaches.keys().next().value!);
    if (this.isBanned(s.nodeKeyHex)) return s.refuse('shunned', 'this node key is shunned');
    if (this.partition && !this.partition(s.nodeKeyHex)) return s.close('partitioned');
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
    if (s.provenPeerId) this.learn(s.provenPeerId);
    // Over the outbound target after a rotation dial: let the oldest outbound peer go.
    const outbound = [...this.sessions].filter((o) => o.direction === 'outbound' && o.state === 'ready');
    if (s.direction === 'outbound' && outbound.length > (this.options.targetOutbound ?? TARGET_OUTBOUND)) outbound[0]?.close('rotating peers');
    s.send({ type: 'getaddr' });
    this.handlers.onReady(s);
    this.handlers.onChange();
  }

  onMessage(s: PeerSession, m: Message): void {
    if (m.type === 'getaddr') return this.sendAddr(s);
    if (m.type === 'addr') {
      if (!this.addrBudget.take(s, 1, this.options.ctx.timers.now())) return s.misbehave('flood-addr');
      for (const id of m.ids) this.learn(id);
      return;
    }
    this.handlers.onMessage(s, m);
  }

  onClose(s: PeerSession, reason: string, ban: boolean): void {
    this.sessions.delete(s);
    if (ban) {
      const until = this.options.ctx.timers.now() + SHUN_MS;
      this.bans.set(s.id, until);
      // Empty until the peer's signature verified on this link: a key it only claimed stays free.
      if (s.nodeKeyHex) this.bans.set(s.nodeKeyHex, until);
    }
    this.closed.unshift({ id: s.id, reason, at: this.options.ctx.timers.now() });
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

  private learn(id: string): void {
    if (id === this.localId || id.length === 0 || this.known.has(id)) return;
    this.known.add(id);
    this.options.knownPeers?.remember(id);
  }

  private sendAddr(s: PeerSession): void {
    const ids = new Set<string>([this.localId]);
    // Only ids a link proved: a peer's claim about itself is never passed on.
    for (const p of this.ready()) if (p !== s && p.provenPeerId) ids.add(p.provenPeerId);
    s.send({ type: 'addr', ids: [...ids].slice(0, MAX_ADDR) });
  }

  private connectedTo(id: string): boolean {
    const key = this.reaches.get(id);
    for (const s of this.sessions) if (s.id === id || (key && s.nodeKeyHex === key)) return true;
    return false;
  }

  private async dial(id: string): Promise<void> {
    if (this.stopped || this.dialing.has(id) || this.connectedTo(id) || this.isBanned(id) || id === this.localId || id === this.rendezvousHeld) return;
    this.dialing.add(id);
    try {
      this.adopt(await this.options.transport.connect(id, 8_000));
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
        const candidates = [...new Set([...listed, ...this.knownList()])].filter((id) => !this.connectedTo(id) && !this.isBanned(id) && id !== this.localId);
        // A random choice, so the network becomes a random graph rather than a chain of neighbours.
        const chosen = this.sample(candidates, want);
        await Promise.all(chosen.map((id) => this.dial(id)));
      }
      await this.rendezvousUpkeep();
    } finally {
      if (this.timer) this.options.ctx.timers.clearTimeout(this.timer);
      if (!this.stopped) this.timer = this.options.ctx.timers.setTimeout(() => void this.maintain(), MAINTAIN_MS);
    }
  }

  private sample(items: string[], k: number): string[] {
    const a = [...items];
    const n = Math.min(k, a.length);
    const r = this.options.ctx.random(4 * n);
    for (let i = 0; i < n; i++) {
      const j = i + (((r[4 * i]! << 24) | (r[4 * i + 1]! << 16) | (r[4 * i + 2]! << 8) | r[4 * i + 3]!) >>> 0) % (a.length - i);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, n);
  }

  private knownList(): string[] {
    const out: string[] = [];
    for (let k = 0; k < RENDEZVOUS_SLOTS; k++) out.push(rendezvousId(this.options.ctx.params, k));
    return out.concat(this.knownIds());
  }

  /** Newest first. */
  private knownIds(): string[] {
    return [...this.known.values()].reverse();
  }

  /** Holds one rendezvous slot if one is free, so strangers without discovery can find us. */
  private async rendezvousUpkeep(): Promise<void> {
    const claim = this.options.claimRendezvous;
    if (!claim || this.rendezvous) return;
    for (let k = 0; k < RENDEZVOUS_SLOTS && !this.rendezvous; k++) {
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
