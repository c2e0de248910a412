// Network conditions for a lab network (issue 18), in the transport layer, so what the node sees is
// what a real bad network would do to it: isolation (no links at all), added one-way latency on
// every link or on one, packet loss, and refused links (the lab's split of the class in two).
// A wrapper around any Transport: the node's code is unchanged and never knows. Composition roots
// wrap the node's transports only on a lab network, and this refuses any other network.
//
// Loss, as on the reliable ordered data channels WebRTC gives us (SCTP): a lost packet is sent
// again after a retransmission timeout, and everything behind it waits (head-of-line blocking).
// Nothing is dropped for good; a very lossy link is slow, and the node's timeouts do the rest.
//
// It also carries the `lab` message (core/p2p/lab-control.ts) below the node: it takes each one
// off the link before the node sees it, relays it once to every other link whose peer speaks
// protocol 5, and reports it.
import { Emitter } from '../core/util/emitter';
import type { Timers } from '../core/util/timers';
import { assertLabNetwork, type NetworkParams } from '../core/protocol/networks';
import { decodeMessage } from '../core/p2p/messages';
import { CodecError } from '../core/encoding/codec-error';
import { decodeLabControl, encodeLabControl, isLabMessage, LAB_PROTOCOL_VERSION, type LabControl } from '../core/p2p/lab-control';
import { toHex } from '../core/encoding/bytes';
import { BoundedSet } from '../core/util/bounded-map';
import type { Link, LinkEvents, Transport, TransportEvents } from './transport';

export interface LinkConditionsState {
  isolated: boolean;
  /** Added one-way delay on every link, in ms. */
  latencyMs: number;
  /** Probability that a message is lost (and sent again after the retransmission timeout). */
  loss: number;
}

export interface NetworkConditionsEvents extends Record<string, unknown> {
  /** A `lab` message from a peer (relayed on already), or one this node sent. */
  control: { control: LabControl; fromLinkId: string | null };
  change: LinkConditionsState;
}

/** The retransmission timeout before a lost message is sent again (RFC 4960's RTO.Min is 1 s; WebRTC stacks use less). */
export const RETRANSMIT_MIN_MS = 250;
/** Distinct `lab` messages remembered, so each is relayed once. */
const SEEN_CONTROLS = 512;
/** A peer may send at most this many `lab` messages a minute; more are dropped, not relayed. */
export const LAB_MESSAGES_PER_MINUTE = 30;
/** The `version` message's type byte (core/p2p/messages.ts): the only message peeked at. */
const VERSION_TYPE = 1;

/** The shared conditions of all of a node's transports (its own id and any rendezvous ids). */
export class NetworkConditions {
  readonly events = new Emitter<NetworkConditionsEvents>();
  private state: LinkConditionsState = { isolated: false, latencyMs: 0, loss: 0 };
  private readonly perLink = new Map<string, number>();
  private readonly refused = new Set<string>();
  private readonly links = new Set<ConditionedLink>();
  private readonly transports = new Set<ConditionedTransport>();
  private readonly seen = new BoundedSet<string>(SEEN_CONTROLS);
  private standing: Uint8Array | null = null;

  constructor(
    params: NetworkParams,
    readonly timers: Timers,
    /** Uniform in [0, 1): whether each send is lost. */
    readonly random: () => number,
  ) {
    assertLabNetwork(params, 'Network conditions');
  }

  get current(): Readonly<LinkConditionsState> {
    return this.state;
  }

  wrap(inner: Transport): Transport {
    const t = new ConditionedTransport(inner, this);
    this.transports.add(t);
    return t;
  }

  set(change: Partial<LinkConditionsState>): void {
    if (change.loss !== undefined && !(change.loss >= 0 && change.loss < 1)) throw new RangeError('loss is a probability below 1');
    if (change.latencyMs !== undefined && !(change.latencyMs >= 0)) throw new RangeError('latency is not negative');
    this.state = { ...this.state, ...change };
    if (this.state.isolated) for (const l of [...this.links]) l.close('isolated (lab)');
    this.events.emit('change', this.state);
  }

  /** Added latency on the link to one peer (by its transport id), instead of the general one; null: back to it. */
  setLinkLatency(remoteId: string, ms: number | null): void {
    if (ms === null) this.perLink.delete(remoteId);
    else this.perLink.set(remoteId, ms);
  }

  /** Refuses links to and from these transport ids (closing open ones) until allowAll(). */
  refuse(remoteIds: Iterable<string>): void {
    for (const id of remoteIds) this.refused.add(id);
    for (const l of [...this.links]) if (this.refused.has(l.remoteId)) l.close('split (lab)');
  }

  allowAll(): void {
    this.refused.clear();
  }

  /** Sends a `lab` message to every peer that speaks it, and reports it as our own. */
  broadcast(control: LabControl): void {
    this.remember(control);
    const bytes = encodeLabControl(control);
    // Our latest own conditions are also told to each peer that comes later (an isolated
    // member that returns has nobody to tell at the moment it says so).
    if (control.kind === 'conditions') this.standing = bytes;
    this.relay(bytes, null);
    this.events.emit('control', { control, fromLinkId: null });
  }

  /** @internal */
  allows(remoteId: string): boolean {
    return !this.state.isolated && !this.refused.has(remoteId);
  }

  /** @internal */
  delayFor(remoteId: string): number {
    return this.perLink.get(remoteId) ?? this.state.latencyMs;
  }

  /** @internal */
  track(link: ConditionedLink): void {
    this.links.add(link);
  }

  /** @internal */
  untrack(link: ConditionedLink): void {
    this.links.delete(link);
  }

  /** @internal The peer on this link said it speaks protocol 5. */
  speaking(link: ConditionedLink): void {
    if (this.standing) link.sendRaw(this.standing);
  }

  /** @internal A `lab` message arrived on a link. */
  received(bytes: Uint8Array, from: ConditionedLink): void {
    let control: LabControl;
    try {
      control = decodeLabControl(bytes);
    } catch (error) {
      if (error instanceof CodecError) return from.close(`bad lab message: ${error.message}`);
      throw error;
    }
    if (!this.remember(control)) return;
    this.relay(bytes, from);
    this.events.emit('control', { control, fromLinkId: from.remoteId });
  }

  private remember(control: LabControl): boolean {
    const key = toHex(control.id);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private relay(bytes: Uint8Array, except: ConditionedLink | null): void {
    for (const l of this.links) if (l !== except && l.speaksLab) l.sendRaw(bytes);
  }
}

class ConditionedTransport implements Transport {
  private readonly linkEvents = new Emitter<{ link: Link }>();

  constructor(
    private readonly inner: Transport,
    private readonly conditions: NetworkConditions,
  ) {
    // Each inbound link is wrapped once, whoever listens.
    inner.on('link', (link) => {
      if (!conditions.allows(link.remoteId)) return link.close(conditions.current.isolated ? 'isolated (lab)' : 'split (lab)');
      this.linkEvents.emit('link', new ConditionedLink(link, conditions));
    });
  }

  get localId(): string {
    return this.inner.localId;
  }

  async connect(remoteId: string, timeoutMs?: number): Promise<Link> {
    if (!this.conditions.allows(remoteId)) throw new Error(this.conditions.current.isolated ? 'isolated (lab)' : `peer ${remoteId} is on the other side of the split (lab)`);
    return new ConditionedLink(await this.inner.connect(remoteId, timeoutMs), this.conditions);
  }

  async listPeers(): Promise<string[]> {
    if (this.conditions.current.isolated) return [];
    return (await this.inner.listPeers()).filter((id) => this.conditions.allows(id));
  }

  on<K extends keyof TransportEvents>(event: K, listener: (value: TransportEvents[K]) => void): () => void {
    if (event === 'link') return this.linkEvents.on('link', listener as (l: Link) => void);
    return this.inner.on(event, listener);
  }

  reconnectNow(): void {
    this.inner.reconnectNow?.();
  }

  close(): void {
    this.inner.close();
  }
}

class ConditionedLink implements Link {
  private readonly events = new Emitter<LinkEvents>();
  /** When the last message sent is due on the inner link: later ones never overtake it. */
  private lastDue = 0;
  private pendingBytes = 0;
  private closed = false;
  /** Whether the peer's version message said protocol 5 or later. */
  speaksLab = false;
  private labBudget = { tokens: LAB_MESSAGES_PER_MINUTE, at: 0 };

  constructor(
    private readonly inner: Link,
    private readonly conditions: NetworkConditions,
  ) {
    conditions.track(this);
    inner.on('close', (c) => {
      this.closed = true;
      conditions.untrack(this);
      this.events.emit('close', c);
      this.events.clear();
    });
  }

  get remoteId(): string {
    return this.inner.remoteId;
  }
  get direction() {
    return this.inner.direction;
  }
  get open(): boolean {
    return !this.closed && this.inner.open;
  }
  get bufferedBytes(): number {
    return this.inner.bufferedBytes + this.pendingBytes;
  }
  get binding() {
    return this.inner.binding;
  }

  send(message: Uint8Array): void {
    if (!this.open) throw new Error(`link to ${this.remoteId} is closed`);
    this.sendRaw(message);
  }

  /** Sends after the added latency and any retransmissions, in order. */
  sendRaw(message: Uint8Array): void {
    const { timers, random } = this.conditions;
    const latency = this.conditions.delayFor(this.remoteId);
    let delay = latency;
    const loss = this.conditions.current.loss;
    while (loss > 0 && random() < loss) delay += Math.max(RETRANSMIT_MIN_MS, 2 * latency);
    const now = timers.now();
    const due = Math.max(this.lastDue, now + delay);
    this.lastDue = due;
    if (due <= now) return this.inner.send(message);
    this.pendingBytes += message.length;
    timers.setTimeout(() => {
      this.pendingBytes -= message.length;
      if (this.open) this.inner.send(message);
    }, due - now);
  }

  close(reason?: string): void {
    this.inner.close(reason);
  }

  on<K extends keyof LinkEvents>(event: K, listener: (value: LinkEvents[K]) => void): () => void {
    const off = this.events.on(event, listener);
    // Taken from the inner link only once someone listens here: until then it keeps what arrives
    // early (FramedLink), so nothing is lost while the link is handed over.
    if (event === 'message' && !this.listening) {
      this.listening = true;
      this.inner.on('message', (m) => this.onMessage(m));
    }
    return off;
  }

  private listening = false;

  private onMessage(message: Uint8Array): void {
    if (isLabMessage(message)) {
      // Only from a peer that said it speaks protocol 5, and within its budget: a stranger's
      // link cannot make the lab relay for it before it has even said who it claims to be.
      if (this.speaksLab && this.spendLabToken()) this.conditions.received(message, this);
      return;
    }
    if (!this.speaksLab && message[0] === VERSION_TYPE) {
      try {
        const m = decodeMessage(message);
        this.speaksLab = m.type === 'version' && m.protocolVersion >= LAB_PROTOCOL_VERSION;
        if (this.speaksLab) this.conditions.speaking(this);
      } catch (error) {
        // The node decodes it too and answers for it; here it only means no lab messages.
        if (!(error instanceof CodecError)) throw error;
      }
    }
    this.events.emit('message', message);
  }

  private spendLabToken(): boolean {
    const now = this.conditions.timers.now();
    const b = this.labBudget;
    b.tokens = Math.min(LAB_MESSAGES_PER_MINUTE, b.tokens + ((now - b.at) / 60_000) * LAB_MESSAGES_PER_MINUTE);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
