// The p2p side of a node: the pool of peer sessions, sync and relay, wired to the chain and mempool.
import { INV_TX, type Message } from '../../core/p2p/messages';
import { fromHex, toHex } from '../../core/encoding/bytes';
import { headerHash } from '../../core/primitives/header';
import type { Timers } from '../../core/util/timers';
import type { Chain, AcceptResult } from '../../core/chain/chain';
import type { Mempool } from '../../core/mempool/mempool';
import { VerifyError } from '../../core/protocol/verify-error';
import { raiseUncaught } from '../../core/util/fault';
import type { Transport } from '../../net/transport';
import { StorageFullError } from '../../storage/chain-db';
import { PeerPool, type ClosedPeer, type PoolOptions } from './pool';
import { BlockSync, type SyncProgress } from './sync';
import { Relay } from './relay';
import { CompactRelay, type CompactMessage } from './compact-relay';
import type { PeerSession, SessionContext } from './peer';
import { Profiles, type PeerProfile } from './profiles';

/** A node this many blocks behind its best header is catching up: it does not announce each block. */
export const ANNOUNCE_WHILE_BEHIND = 6;

const COMPACT_TYPES = new Set<Message['type']>(['sendheaders', 'sendcmpct', 'cmpctblock', 'getblocktxn', 'blocktxn']);
const isCompact = (m: Message): m is CompactMessage => COMPACT_TYPES.has(m.type);
const BRINGS_BLOCKS = new Set<Message['type']>(['block', 'cmpctblock', 'blocktxn']);

export interface PeerView {
  /**
   * A number this node gave the link when it first listed it, unique for the node's life: the
   * UI's row key. The id is not unique: two links can reach the same peer id (one from each end,
   * or an extra transport) until the pool drops one.
   */
  key: number;
  id: string;
  direction: 'inbound' | 'outbound';
  state: PeerSession['state'];
  nodeKey: string;
  latencyMs: number | null;
  height: number;
  software: string;
  /** What the peer says about itself (untrusted display text), once it has said it. */
  profile: PeerProfile | null;
}

export type RejectedKind = 'header' | 'block' | 'tx';

export interface NetworkCallbacks {
  onPeers(peers: PeerView[], closed: ClosedPeer[]): void;
  onSync(p: SyncProgress): void;
  onRejected(kind: RejectedKind, id: string, error: VerifyError, peerId: string): void;
  onOutdated(minVersion: number): void;
  /** A write for something a peer sent failed because our storage is full. */
  onStorageFull(error: StorageFullError): void;
}

export interface P2POptions {
  ctx: Omit<SessionContext, 'localPeerId'>;
  transport: Transport;
  chain: Chain;
  mempool: Mempool;
  timers: Timers;
  submitBlock: (bytes: Uint8Array) => Promise<AcceptResult>;
  readBlock: (hashHex: string) => Promise<Uint8Array | null>;
  claimRendezvous?: PoolOptions['claimRendezvous'];
  knownPeers?: PoolOptions['knownPeers'];
  anchors?: PoolOptions['anchors'];
  eclipseDefences?: boolean;
}

export class P2PNetwork {
  readonly pool: PeerPool;
  readonly sync: BlockSync;
  readonly relay: Relay;
  readonly compact: CompactRelay;
  readonly profiles: Profiles;
  private syncTimer: unknown = null;
  private stopped = false;

  constructor(
    private readonly options: P2POptions,
    private readonly callbacks: NetworkCallbacks,
  ) {
    const peers = () => this.pool.ready();
    this.sync = new BlockSync(
      options.chain,
      options.timers,
      peers,
      (p) => callbacks.onSync(p),
      (id, error, peer) => callbacks.onRejected('header', id, error, peer.id),
    );
    this.relay = new Relay({
      chain: options.chain,
      mempool: options.mempool,
      timers: options.timers,
      sync: this.sync,
      peers,
      submitBlock: options.submitBlock,
      readBlock: options.readBlock,
      recentBlock: (hashHex) => this.compact.recentBlock(hashHex),
      onRejected: (kind, id, error, peer) => callbacks.onRejected(kind, id, error, peer.id),
    });
    this.compact = new CompactRelay({
      chain: options.chain,
      mempool: options.mempool,
      timers: options.timers,
      random: options.ctx.random,
      sync: this.sync,
      peers,
      serveTxns: (peer, request) => this.relay.uploader.getBlockTxn(peer, request),
      deliver: (peer, bytes, hashHex) => this.relay.onRebuiltBlock(peer, bytes, hashHex),
    });
    this.profiles = new Profiles(options.timers, peers, () => callbacks.onPeers(this.peerViews(), this.pool.closed));
    this.pool = new PeerPool(
      {
        ctx: options.ctx,
        transport: options.transport,
        claimRendezvous: options.claimRendezvous,
        knownPeers: options.knownPeers,
        anchors: options.anchors,
        eclipseDefences: options.eclipseDefences,
      },
      {
        onReady: (s) => {
          this.compact.onReady(s);
          this.sync.onReady(s);
          this.profiles.greet(s);
        },
        onMessage: (s, m) => void this.dispatch(s, m),
        onClose: (s) => {
          this.sync.peerGone(s);
          this.relay.peerGone(s);
          this.compact.peerGone(s);
        },
        onChange: () => callbacks.onPeers(this.peerViews(), this.pool.closed),
        onOutdated: (v) => callbacks.onOutdated(v),
      },
    );
    // Announce each new tip, unless we are still far behind (the peers already have it).
    options.chain.events.on('tip', (tip) => {
      if (this.sync.bestHeader.height - tip.height <= ANNOUNCE_WHILE_BEHIND) this.compact.announce(tip);
      callbacks.onSync(this.sync.progress());
    });
    options.mempool.events.on('added', (e) => this.relay.announce({ type: INV_TX, hash: fromHex(e.id) }));
  }

  async start(): Promise<void> {
    await this.pool.start();
    const tick = () => {
      if (this.stopped) return;
      this.sync.tick();
      this.callbacks.onPeers(this.peerViews(), this.pool.closed);
      this.syncTimer = this.options.timers.setTimeout(tick, 2_000);
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.syncTimer) this.options.timers.clearTimeout(this.syncTimer);
    this.profiles.stop();
    this.pool.stop();
  }

  peerViews(): PeerView[] {
    return [...this.pool.sessions].map((s) => ({
      key: this.viewKey(s),
      id: s.id,
      direction: s.direction,
      state: s.state,
      nodeKey: s.nodeKeyHex,
      latencyMs: s.latencyMs,
      height: s.bestHeight,
      software: s.remote?.software ?? '',
      profile: this.profiles.get(s),
    }));
  }

  private readonly viewKeys = new WeakMap<PeerSession, number>();
  private viewKeysGiven = 0;

  private viewKey(s: PeerSession): number {
    let key = this.viewKeys.get(s);
    if (key === undefined) this.viewKeys.set(s, (key = ++this.viewKeysGiven));
    return key;
  }

  private async dispatch(s: PeerSession, m: Message): Promise<void> {
    try {
      switch (m.type) {
        case 'getheaders':
          return this.relay.serveHeaders(s, m);
        case 'headers': {
          // The sender has the last of these (and so all before it): no need to announce it back.
          const last = m.headers[m.headers.length - 1];
          if (last) s.knownInv.add(toHex(headerHash(last)));
          return await this.sync.onHeaders(s, m.headers);
        }
        case 'profile':
          return this.profiles.receive(s, m);
        default: {
          const tip = this.options.chain.tip.hashHex;
          if (isCompact(m)) await this.compact.onMessage(s, m);
          else await this.relay.onMessage(s, m);
          // A peer that brings us a new tip is useful: eviction and rotation keep it (pool.ts), and
          // it pushes us its next blocks as compact blocks.
          if (BRINGS_BLOCKS.has(m.type) && this.options.chain.tip.hashHex !== tip) {
            this.pool.noteNewBlock(s);
            this.compact.promote(s);
          }
          return;
        }
      }
    } catch (error) {
      // Our storage is full: that is our failure, not the sender's. Stop fetching what we cannot keep.
      if (error instanceof StorageFullError) {
        this.sync.pauseDownloads();
        return this.callbacks.onStorageFull(error);
      }
      // Never past the handler: a failure costs the peer its link, not the node. Anything but a
      // rule the peer broke is a bug: it must be seen.
      s.close('failed', `handler failed on ${m.type}: ${(error as Error).message}`);
      if (!(error instanceof VerifyError)) raiseUncaught(error);
    }
  }
}


