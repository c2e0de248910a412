// The transport seam: the node talks to peers through Transport and Link, whether the bytes cross
// a WebRTC data channel (PeerJsTransport) or an in-memory pipe (MemoryTransport, for tests and
// the simulator). Links carry whole messages; framing and chunking happen below this interface.
import { Emitter } from '../core/util/emitter';
import { encodeFrames, FrameDecoder, FrameError } from '../core/p2p/framing';
import { MAX_CHUNK_BYTES, MAX_MESSAGE_BYTES } from '../core/p2p/limits';
import type { LinkBinding } from '../core/p2p/handshake';

export type Direction = 'inbound' | 'outbound';
export interface FrameViolation {
  code: FrameError['code'];
  message: string;
}

export interface LinkEvents extends Record<string, unknown> {
  message: Uint8Array;
  /** violation: the peer broke the framing (typed, so nobody reads it out of the reason). */
  close: { reason: string; violation?: FrameViolation };
}

export interface Link {
  /** The remote end's transport id, as the transport proves it (PeerJS: the server stamps it). */
  readonly remoteId: string;
  readonly direction: Direction;
  readonly open: boolean;
  /** Bytes handed to send() that the channel has not passed on yet: a sender waits while this is high. */
  readonly bufferedBytes: number;
  /**
   * This link's identity as this end sees it, for the handshake signature (core/p2p/handshake):
   * DTLS fingerprints on WebRTC, transport ids in memory. Null if it cannot be read.
   */
  readonly binding: LinkBinding | null;
  /** Sends one whole message. Throws FrameError if it is empty or over the size limit. */
  send(message: Uint8Array): void;
  close(reason?: string): void;
  on<K extends keyof LinkEvents>(event: K, listener: (value: LinkEvents[K]) => void): () => void;
}

export interface TransportEvents extends Record<string, unknown> {
  /** A remote peer opened a link to us, and it is ready to carry messages. */
  link: Link;
  /** The signaling server connection changed; data links are unaffected. */
  signaling: SignalingEvent;
}

/**
 * Reconnection waits 1, 2, 4 then every 5 s: a returning network is used within about 5 s, which
 * leaves margin under issue 16's "reconnects within 10 s" for the signaling handshake itself.
 */
export const RECONNECT_MAX_DELAY_MS = 5_000;
export const reconnectDelayMs = (attempt: number): number => Math.min(RECONNECT_MAX_DELAY_MS, 1_000 * 2 ** Math.max(0, attempt - 1));

export interface SignalingEvent {
  state: 'connected' | 'disconnected' | 'reconnecting';
  detail?: string;
  /** While reconnecting: which attempt comes next (1, 2, …) and in how many milliseconds. */
  attempt?: number;
  nextInMs?: number;
}

export interface Transport {
  readonly localId: string;
  connect(remoteId: string, timeoutMs?: number): Promise<Link>;
  /** Ids of other peers the signaling layer knows of (empty where discovery is off). */
  listPeers(): Promise<string[]>;
  on<K extends keyof TransportEvents>(event: K, listener: (value: TransportEvents[K]) => void): () => void;
  /** Retries a lost signaling connection now instead of at the next backoff step. */
  reconnectNow?(): void;
  close(): void;
}

export interface LinkLimits {
  maxMessageBytes: number;
  chunkBytes: number;
}

export const DEFAULT_LINK_LIMITS: LinkLimits = { maxMessageBytes: MAX_MESSAGE_BYTES, chunkBytes: MAX_CHUNK_BYTES };

/**
 * A link that frames outgoing messages and reassembles incoming chunks. A subclass supplies the
 * raw chunk send and close, and feeds received chunks to receiveChunk().
 */
export abstract class FramedLink implements Link {
  private readonly events = new Emitter<LinkEvents>();
  private readonly decoder: FrameDecoder;
  private closed = false;
  /** Messages that arrived before anyone listened (a link is handed over asynchronously). */
  private early: Uint8Array[] | null = [];
  private hasMessageListener = false;

  protected constructor(
    readonly remoteId: string,
    readonly direction: Direction,
    protected readonly limits: LinkLimits = DEFAULT_LINK_LIMITS,
  ) {
    this.decoder = new FrameDecoder(limits.maxMessageBytes);
  }

  get open(): boolean {
    return !this.closed;
  }

  send(message: Uint8Array): void {
    if (this.closed) throw new Error(`link to ${this.remoteId} is closed`);
    for (const chunk of encodeFrames(message, this.limits.maxMessageBytes, this.limits.chunkBytes)) {
      this.sendChunk(chunk);
    }
  }

  abstract get binding(): LinkBinding | null;

  close(reason = 'closed locally', violation?: FrameViolation): void {
    if (this.closed) return;
    this.closed = true;
    this.closeChannel(reason);
    this.events.emit('close', { reason, violation });
    this.events.clear();
  }

  on<K extends keyof LinkEvents>(event: K, listener: (value: LinkEvents[K]) => void): () => void {
    const off = this.events.on(event, listener);
    if (event === 'message' && !this.hasMessageListener) {
      this.hasMessageListener = true;
      // Deliver what arrived early after the caller has finished setting up, in order.
      const early = this.early ?? [];
      queueMicrotask(() => {
        for (const m of early) if (!this.closed) this.events.emit('message', m);
        if (this.early === early) this.early = null;
      });
    }
    return off;
  }

  /** Called by the subclass with each chunk the channel delivers. Never throws. */
  protected receiveChunk(chunk: Uint8Array): void {
    if (this.closed) return;
    let messages: Uint8Array[];
    try {
      messages = this.decoder.push(chunk);
    } catch (error) {
      if (error instanceof FrameError) this.close(`${error.code}: ${error.message}`, { code: error.code, message: error.message });
      else this.close('bad frame');
      return;
    }
    for (const message of messages) {
      if (this.closed) return;
      if (this.early) {
        if (this.early.length >= 64) return this.close('too many messages before the link was taken up');
        this.early.push(message);
      } else this.events.emit('message', message);
    }
  }

  /** Called by the subclass when the channel closed underneath us. */
  protected channelClosed(reason: string): void {
    this.close(reason);
  }

  abstract get bufferedBytes(): number;
  protected abstract sendChunk(chunk: Uint8Array): void;
  protected abstract closeChannel(reason: string): void;
}
