// Scenario 5 of the attack lab, an eclipse attempt: many throwaway identities (lab/throwaway.ts),
// each a fresh node key on its own transport, listed by the signaling server like anyone, try to
// become everything a victim sees. Each one dials the victim and holds the link as a quiet,
// well-behaved peer that never relays a block; each floods `addr` with all the attacker's ids (as
// often as the victim allows) so the victim's known-peer table fills with them; each accepts every
// link the victim opens to it, so an outbound slot the victim gives away is the attacker's; and an
// identity the victim drops dials again. What an honest node does against it is its own code
// (addrman buckets, outbound slots shared by route, anchors, eviction: node/p2p/pool.ts); the
// victim's view shows it (lab/eclipse-watch.ts), and sim/eclipse.ts runs the same attack without
// the defences.
import type { NetworkParams } from '../core/protocol/networks';
import { MAX_ADDR, type Message } from '../core/p2p/messages';
import { toHex } from '../core/encoding/bytes';
import type { Link, Transport } from '../net/transport';
import { PeerSession, type SessionContext, type SessionOwner } from '../node/p2p/peer';
import { LabTool } from './lab-tool';
import { throwawayContext, type ThrowawayDeps } from './throwaway';

export const MAX_ECLIPSE_IDENTITIES = 32;
/** The victim takes an `addr` from a peer at most once per 10 s (pool.ts): a little more than that. */
export const ADDR_EVERY_MS = 10_500;
/** An identity whose link to the victim closed dials again after this long. */
export const REDIAL_MS = 5_000;
const DIAL_TIMEOUT_MS = 10_000;

export interface EclipseIdentity {
  transportId: string;
  nodeKey: string;
  /** Its link to the victim (one of the victim's inbound slots) is ready. */
  inbound: boolean;
  /** The victim dialled it: one of the victim's outbound slots is the attacker's. */
  outbound: boolean;
  /** How often the victim closed a ready link of this identity. */
  dropped: number;
  addrIdsSent: number;
}

export interface EclipseRun {
  victimKey: string;
  victimId: string;
  identities: EclipseIdentity[];
  running: boolean;
}

interface Attacker {
  view: EclipseIdentity;
  transport: Transport;
  ctx: SessionContext;
  toVictim: PeerSession | null;
  sessions: Set<PeerSession>;
}

export class EclipseAttempt extends LabTool {
  private attackers: Attacker[] = [];
  private run: EclipseRun | null = null;
  private timers: unknown[] = [];

  constructor(
    params: NetworkParams,
    private readonly deps: ThrowawayDeps,
    private readonly onChange: (run: EclipseRun) => void = () => {},
  ) {
    super(params, 'Eclipse attempt');
  }

  get current(): EclipseRun | null {
    return this.run;
  }

  /** Opens `count` identities and sets them on the victim (its transport id and node key, from our peer list). */
  async start(victim: { id: string; nodeKey: string }, count: number): Promise<EclipseRun> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_ECLIPSE_IDENTITIES) throw new RangeError(`from 1 to ${MAX_ECLIPSE_IDENTITIES} identities`);
    this.stop();
    const run: EclipseRun = { victimKey: victim.nodeKey, victimId: victim.id, identities: [], running: true };
    this.run = run;
    const transports = await Promise.all(Array.from({ length: count }, () => this.deps.openTransport().catch(() => null)));
    for (const transport of transports) {
      if (!transport) continue;
      if (this.run !== run) {
        transport.close();
        continue;
      }
      const ctx = throwawayContext(this.params, this.deps, transport);
      const view: EclipseIdentity = { transportId: transport.localId, nodeKey: toHex(ctx.identity.key), inbound: false, outbound: false, dropped: 0, addrIdsSent: 0 };
      const attacker: Attacker = { view, transport, ctx, toVictim: null, sessions: new Set() };
      transport.on('link', (link) => this.open(attacker, link));
      this.attackers.push(attacker);
      run.identities.push(view);
    }
    this.changed();
    for (const a of this.attackers) void this.dialVictim(a);
    return run;
  }

  /** Closes every identity: their links and transports go. */
  stop(): void {
    for (const t of this.timers) this.deps.timers.clearTimeout(t);
    this.timers = [];
    const attackers = this.attackers;
    this.attackers = [];
    if (this.run) this.run.running = false;
    for (const a of attackers) {
      for (const s of [...a.sessions]) s.close('stopping', 'lab: the eclipse attempt stopped');
      a.transport.close();
    }
    if (this.run) this.changed();
  }

  private later(fn: () => void, ms: number): void {
    const handle = this.deps.timers.setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== handle);
      fn();
    }, ms);
    this.timers.push(handle);
  }

  private async dialVictim(a: Attacker): Promise<void> {
    const run = this.run;
    if (!run?.running || !this.attackers.includes(a)) return;
    const link = await a.transport.connect(run.victimId, DIAL_TIMEOUT_MS).catch(() => null);
    if (!link) return this.later(() => void this.dialVictim(a), REDIAL_MS);
    if (!this.attackers.includes(a)) return link.close('lab: stopped');
    a.toVictim = this.open(a, link);
  }

  /** A quiet session: answers what PeerSession answers itself (pings), floods the victim with `addr`, relays nothing. */
  private open(a: Attacker, link: Link): PeerSession {
    const owner: SessionOwner = {
      onReady: (s) => {
        if (s.nodeKeyHex !== this.run?.victimKey) return;
        if (s.direction === 'outbound') a.view.inbound = true;
        else a.view.outbound = true;
        this.changed();
        this.flood(a, s);
      },
      onMessage: (s, m: Message) => {
        if (m.type === 'getaddr' && s.nodeKeyHex === this.run?.victimKey) this.sendAddr(a, s);
      },
      onClose: (s) => {
        a.sessions.delete(s);
        if (s.nodeKeyHex !== this.run?.victimKey || !this.attackers.includes(a)) return;
        if (s.direction === 'outbound') {
          a.view.inbound = false;
          a.toVictim = null;
          this.later(() => void this.dialVictim(a), REDIAL_MS);
        } else a.view.outbound = [...a.sessions].some((o) => o.direction === 'inbound' && o.nodeKeyHex === this.run?.victimKey);
        a.view.dropped++;
        this.changed();
      },
      onOutdated: () => {},
    };
    const session = new PeerSession(link, a.ctx, owner);
    a.sessions.add(session);
    session.start();
    return session;
  }

  private flood(a: Attacker, s: PeerSession): void {
    if (s.state !== 'ready' || !this.attackers.includes(a)) return;
    this.sendAddr(a, s);
    this.later(() => this.flood(a, s), ADDR_EVERY_MS);
  }

  /** Every identity's id, and nothing honest: the victim's table fills with the attacker. */
  private sendAddr(a: Attacker, s: PeerSession): void {
    const ids = this.attackers.map((x) => x.view.transportId).slice(0, MAX_ADDR);
    s.send({ type: 'addr', ids });
    a.view.addrIdsSent += ids.length;
  }

  private changed(): void {
    if (this.run) this.onChange(this.run);
  }
}
