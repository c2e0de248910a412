// The WebRTC transport: PeerJS for signaling and data channels, our framing on top.
// Every data connection uses serialization 'raw' and reliable (ordered) channels. PeerJS's default
// BinaryPack decoder can be hung by five bytes (dd ff ff ff ff), so a connection that asks for any
// other serialization is built as a RefusedConnection, which never decodes a byte, and is closed.
import { BufferedConnection, Peer, type DataConnection, type PeerOptions } from 'peerjs';
import { Emitter } from '../core/util/emitter';
import { FramedLink, reconnectDelayMs, type Direction, type Link, type Transport, type TransportEvents } from './transport';
import type { SignalingConfig } from './signaling';
import { MAX_CHUNK_BYTES } from '../core/p2p/limits';
import { dtlsBinding } from './channel-binding';
import type { LinkBinding } from '../core/p2p/handshake';

export const RAW = 'raw';

/** Whether an incoming connection is one we accept: raw bytes over a reliable channel. */
export function isAcceptableConnection(conn: { serialization: string; reliable: boolean }): boolean {
  return conn.serialization === RAW && conn.reliable === true;
}

/** Stands in for every serializer but raw: it drops all data, so nothing is ever decoded. */
class RefusedConnection extends BufferedConnection {
  readonly serialization: string;
  // PeerJS's serializer constructor signature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(peerId: string, provider: Peer, options: any) {
    super(peerId, provider, options);
    this.serialization = typeof options?.serialization === 'string' ? options.serialization : 'unknown';
  }
  protected _handleDataMessage(): void {}
  protected _send(): void {}
}

class PeerJsLink extends FramedLink {
  constructor(
    private readonly conn: DataConnection,
    direction: Direction,
  ) {
    super(conn.peer, direction);
    conn.on('data', (data) => {
      if (data instanceof ArrayBuffer) this.receiveChunk(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) this.receiveChunk(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else this.close('peer sent a non-binary message');
    });
    conn.on('close', () => this.channelClosed('data channel closed'));
    conn.on('error', (err) => this.channelClosed(`data channel error: ${err.type}`));
    // A killed tab never fires 'close' on our side (peers/peerjs#1313); ICE failure does show.
    conn.peerConnection?.addEventListener('connectionstatechange', () => {
      const state = conn.peerConnection?.connectionState;
      if (state === 'failed' || state === 'closed') this.channelClosed(`connection ${state}`);
    });
  }

  get bufferedBytes(): number {
    // The channel's own buffer, plus the chunks PeerJS holds back while that buffer is over 8 MiB.
    const held = this.conn instanceof BufferedConnection ? this.conn.bufferSize : 0;
    return (this.conn.dataChannel?.bufferedAmount ?? 0) + held * MAX_CHUNK_BYTES;
  }

  get binding(): LinkBinding | null {
    return dtlsBinding(this.conn.peerConnection);
  }

  protected sendChunk(chunk: Uint8Array): void {
    // PeerJS sends an ArrayBuffer as is; copy out exactly this chunk's bytes.
    void this.conn.send(chunk.slice().buffer);
  }

  protected closeChannel(): void {
    this.conn.close();
  }
}

export interface PeerJsTransportOptions {
  signaling: SignalingConfig;
  /** Our PeerJS id; by default the server assigns one. */
  id?: string;
  rtcConfig?: RTCConfiguration;
  fetchImpl?: typeof fetch;
  openTimeoutMs?: number;
}

export class PeerJsTransport implements Transport {
  private readonly events = new Emitter<TransportEvents>();
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Dials waiting for their channel, by remote id: PeerJS reports an absent peer on the Peer. */
  private readonly dials = new Map<string, (error: Error) => void>();

  private constructor(
    private readonly peer: Peer,
    private readonly options: PeerJsTransportOptions,
  ) {
    peer.on('connection', (conn) => this.accept(conn));
    peer.on('disconnected', () => this.scheduleReconnect());
    peer.on('open', () => {
      this.reconnectAttempt = 0;
      this.events.emit('signaling', { state: 'connected' });
    });
  }

  /**
   * Claims a well-known id (a rendezvous slot). Resolves null when someone else holds it: the
   * server answers a taken id with 'unavailable-id'.
   */
  static async claim(options: PeerJsTransportOptions & { id: string }): Promise<PeerJsTransport | null> {
    try {
      return await PeerJsTransport.open(options);
    } catch (error) {
      if (/unavailable-id/.test((error as Error).message)) return null;
      throw error;
    }
  }

  /** Registers with the signaling server and resolves once it has given us an id. */
  static open(options: PeerJsTransportOptions): Promise<PeerJsTransport> {
    const { signaling } = options;
    const peerOptions: PeerOptions = {
      host: signaling.host,
      port: signaling.port,
      path: signaling.path,
      secure: signaling.secure,
      key: signaling.key,
      config: options.rtcConfig ?? { iceServers: [] },
      debug: 0,
      serializers: { binary: RefusedConnection, 'binary-utf8': RefusedConnection, json: RefusedConnection, default: RefusedConnection },
    };
    const peer = options.id ? new Peer(options.id, peerOptions) : new Peer(peerOptions);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`signaling server ${signaling.label} did not answer`)), options.openTimeoutMs ?? 10_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        peer.destroy();
        reject(error);
      };
      peer.once('error', (err) => fail(new Error(`signaling failed: ${err.type}: ${err.message}`)));
      peer.once('open', () => {
        clearTimeout(timer);
        peer.removeAllListeners('error');
        const transport = new PeerJsTransport(peer, options);
        peer.on('error', (err) => transport.onPeerError(err.type, err.message));
        resolve(transport);
      });
    });
  }

  get localId(): string {
    return this.peer.id;
  }

  connect(remoteId: string, timeoutMs = 15_000): Promise<Link> {
    if (this.closed) return Promise.reject(new Error('transport is closed'));
    const conn = this.peer.connect(remoteId, { serialization: RAW, reliable: true });
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (this.dials.get(remoteId) === fail) this.dials.delete(remoteId);
        conn.close();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`peer ${remoteId} did not open a channel within ${timeoutMs} ms`)), timeoutMs);
      this.dials.set(remoteId, fail);
      conn.once('open', () => {
        clearTimeout(timer);
        if (this.dials.get(remoteId) === fail) this.dials.delete(remoteId);
        resolve(new PeerJsLink(conn, 'outbound'));
      });
      conn.once('error', (err) => fail(new Error(`could not connect to ${remoteId}: ${err.type}`)));
    });
  }

  async listPeers(): Promise<string[]> {
    const { signaling } = this.options;
    const fetchImpl = this.options.fetchImpl ?? fetch;
    const scheme = signaling.secure ? 'https' : 'http';
    const url = `${scheme}://${signaling.host}:${signaling.port}${signaling.path.replace(/\/$/, '')}/${signaling.key}/peers`;
    const response = await fetchImpl(url, { cache: 'no-store' });
    if (!response.ok) return [];
    const body: unknown = await response.json();
    if (!Array.isArray(body)) return [];
    return body.filter((id): id is string => typeof id === 'string' && id !== this.localId).slice(0, 1000);
  }

  on<K extends keyof TransportEvents>(event: K, listener: (value: TransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.peer.destroy();
    this.events.clear();
  }

  private accept(conn: DataConnection): void {
    if (!isAcceptableConnection(conn)) {
      // A RefusedConnection decodes nothing. Let its channel open so that the close reaches the
      // other side (a close before the answer leaves the dialler waiting), then close it.
      const timer = setTimeout(() => conn.close(), 10_000);
      conn.once('open', () => {
        clearTimeout(timer);
        conn.close();
      });
      return;
    }
    conn.once('open', () => this.events.emit('link', new PeerJsLink(conn, 'inbound')));
  }

  private onPeerError(type: string, message: string): void {
    if (type === 'peer-unavailable') {
      // "Could not connect to peer <id>": fail that dial now instead of at its timeout.
      const id = /peer (\S+)$/.exec(message)?.[1];
      const fail = id ? this.dials.get(id) : undefined;
      fail?.(new Error(`peer ${id} is unavailable`));
      return;
    }
    if (type === 'network' || type === 'server-error' || type === 'socket-error' || type === 'socket-closed') {
      this.events.emit('signaling', { state: 'disconnected', detail: message });
      this.scheduleReconnect();
    }
  }

  /** Signaling loss leaves data channels up; re-register with backoff until the server is back. */
  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.peer.destroyed) return;
    this.reconnectAttempt++;
    const delay = reconnectDelayMs(this.reconnectAttempt);
    this.events.emit('signaling', { state: 'reconnecting', detail: `retrying in ${Math.round(delay / 1000)} s`, attempt: this.reconnectAttempt, nextInMs: delay });
    this.reconnectTimer = setTimeout(() => this.reconnectNow(), delay);
  }

  reconnectNow(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.closed || this.peer.destroyed) return;
    if (this.peer.disconnected) this.peer.reconnect();
  }
}
