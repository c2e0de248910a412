// An in-memory transport with the same interface as the PeerJS one. Chunks travel through a
// scheduler, so tests can use the event loop and a simulator can use simulated time and latency.
import { Emitter } from '../core/util/emitter';
import type { SignalingChoice } from './signaling';
import { utf8 } from '../core/encoding/bytes';
import type { LinkBinding } from '../core/p2p/handshake';
import { DEFAULT_LINK_LIMITS, FramedLink, type Direction, type Link, type LinkLimits, type Transport, type TransportEvents } from './transport';

/** Runs fn after delayMs (of real or simulated time). */
/** What a node on a MemoryNetwork reports as its signaling: none, the network is the rendezvous. */
export const MEMORY_SIGNALING: SignalingChoice = {
  config: { host: 'memory', port: 0, path: '/', secure: false, key: 'memory', label: 'in-memory network' },
  source: 'memory',
};

/** A node's chooseSignaling on a MemoryNetwork. */
export const memorySignaling = async (): Promise<SignalingChoice> => MEMORY_SIGNALING;

export type Scheduler = (fn: () => void, delayMs: number) => void;

export const microtaskScheduler: Scheduler = (fn, delayMs) => {
  if (delayMs <= 0) queueMicrotask(fn);
  else setTimeout(fn, delayMs);
};

export interface MemoryNetworkOptions {
  scheduler?: Scheduler;
  /** One-way delay of a chunk from one peer to another (latency plus transmission). */
  latencyMs?: (from: string, to: string, chunk: Uint8Array | null) => number;
  limits?: LinkLimits;
  /** Whether listPeers() answers (a PeerServer with discovery on) or returns nothing. */
  discovery?: boolean;
  /** The scheduler's clock, in ms: keeps each link first-in first-out when delays vary. */
  now?: () => number;
}

/** The shared medium: which transports exist, and the links between them. */
export class MemoryNetwork {
  readonly scheduler: Scheduler;
  readonly limits: LinkLimits;
  private readonly transports = new Map<string, MemoryTransport>();
  private readonly latency: (from: string, to: string, chunk: Uint8Array | null) => number;
  private readonly discovery: boolean;
  readonly now: () => number;
  private nextId = 1;

  constructor(options: MemoryNetworkOptions = {}) {
    this.scheduler = options.scheduler ?? microtaskScheduler;
    this.latency = options.latencyMs ?? (() => 0);
    this.limits = options.limits ?? DEFAULT_LINK_LIMITS;
    this.discovery = options.discovery ?? true;
    this.now = options.now ?? (() => performance.now());
  }

  createTransport(id = `mem-${this.nextId++}`): MemoryTransport {
    if (this.transports.has(id)) throw new Error(`id ${id} is taken`);
    const transport = new MemoryTransport(this, id);
    this.transports.set(id, transport);
    return transport;
  }

  /** @internal */
  remove(id: string): void {
    this.transports.delete(id);
  }

  /** @internal */
  lookup(id: string): MemoryTransport | undefined {
    return this.transports.get(id);
  }

  /** @internal */
  ids(): string[] {
    return this.discovery ? [...this.transports.keys()] : [];
  }

  /** @internal */
  delay(from: string, to: string, chunk: Uint8Array | null = null): number {
    return this.latency(from, to, chunk);
  }
}

class MemoryLink extends FramedLink {
  peer: MemoryLink | null = null;
  /** When the last chunk sent on this link arrives: later chunks never overtake it. */
  private lastArrival = 0;
  private inTransit = 0;

  constructor(
    private readonly network: MemoryNetwork,
    private readonly localId: string,
    remoteId: string,
    direction: Direction,
  ) {
    super(remoteId, direction, network.limits);
  }

  /** The network hands out each id once, so the two ids name this link. */
  get binding(): LinkBinding {
    return { local: utf8(this.localId), remote: utf8(this.remoteId) };
  }

  protected sendChunk(chunk: Uint8Array): void {
    const peer = this.peer;
    if (!peer) return;
    const copy = chunk.slice();
    const now = this.network.now();
    const arrival = Math.max(this.lastArrival, now + this.network.delay(this.localId, this.remoteId, copy));
    this.lastArrival = arrival;
    this.inTransit += copy.length;
    this.network.scheduler(() => {
      this.inTransit -= copy.length;
      peer.deliver(copy);
    }, arrival - now);
  }

  get bufferedBytes(): number {
    return this.inTransit;
  }

  protected closeChannel(reason: string): void {
    const peer = this.peer;
    this.peer = null;
    if (peer) this.network.scheduler(() => peer.remoteClosed(reason), this.network.delay(this.localId, this.remoteId));
  }

  deliver(chunk: Uint8Array): void {
    this.receiveChunk(chunk);
  }

  remoteClosed(reason: string): void {
    this.peer = null;
    this.channelClosed(`remote closed: ${reason}`);
  }
}

export class MemoryTransport implements Transport {
  private readonly events = new Emitter<TransportEvents>();
  private readonly links = new Set<Link>();
  private closed = false;

  constructor(
    private readonly network: MemoryNetwork,
    readonly localId: string,
  ) {}

  connect(remoteId: string): Promise<Link> {
    const remote = this.network.lookup(remoteId);
    if (this.closed) return Promise.reject(new Error('transport is closed'));
    if (!remote || remoteId === this.localId) return Promise.reject(new Error(`peer ${remoteId} is unavailable`));
    const outbound = new MemoryLink(this.network, this.localId, remoteId, 'outbound');
    const inbound = new MemoryLink(this.network, remoteId, this.localId, 'inbound');
    outbound.peer = inbound;
    inbound.peer = outbound;
    this.track(outbound);
    remote.track(inbound);
    return new Promise((resolve) => {
      this.network.scheduler(() => {
        remote.events.emit('link', inbound);
        resolve(outbound);
      }, this.network.delay(this.localId, remoteId));
    });
  }

  async listPeers(): Promise<string[]> {
    return this.network.ids().filter((id) => id !== this.localId);
  }

  on<K extends keyof TransportEvents>(event: K, listener: (value: TransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const link of [...this.links]) link.close('transport closed');
    this.network.remove(this.localId);
    this.events.clear();
  }

  private track(link: Link): void {
    this.links.add(link);
    link.on('close', () => this.links.delete(link));
  }
}
