// The node: one chain, one mempool and one network presence. Built by a composition root
// (browser.ts for tabs, tests with in-memory parts); everything it uses is passed in.
import { Emitter } from '../core/util/emitter';
import { Chain } from '../core/chain/chain';
import type { ChainStore } from '../core/chain/store';
import { Mempool } from '../core/mempool/mempool';
import { checkConsistency, type ConsistencyReport } from '../core/chain/consistency';
import type { NetworkParams } from '../core/protocol/networks';
import { VerifyError } from '../core/protocol/verify-error';
import type { Block } from '../core/primitives/block';
import { decodeTx, type Tx } from '../core/primitives/tx';
import { toHex } from '../core/encoding/bytes';
import type { AcceptResult } from '../core/chain/chain';
import type { SignalingChoice } from '../net/signaling';
import { reconnectDelayMs, type SignalingEvent, type Transport } from '../net/transport';
import type { RandomBytes, Timers } from '../core/util/timers';
import { BoundedSet } from '../core/util/bounded-map';
import { publicKeyOf } from '../core/primitives/tx';
import { P2PNetwork, type PeerView, type RejectedKind } from './p2p/network';
import type { ClosedPeer, PoolOptions } from './p2p/pool';
import type { SyncProgress } from './p2p/sync';
import { StorageFullError } from '../storage/chain-db';
import { mineRegtestBlock } from './regtest-miner';
import { prefetchSignatures, type SignatureVerifier } from './sig-prefetch';
import type { ProfileMessage } from './p2p/profiles';

export interface TipInfo {
  height: number;
  hashHex: string;
  time: number;
}

export interface NodeEvents extends Record<string, unknown> {
  peers: { peers: PeerView[]; closed: ClosedPeer[] };
  sync: SyncProgress;
  outdated: { minVersion: number };
  signaling: Omit<SignalingEvent, 'state'> & { state: SignalingEvent['state'] | 'connecting' };
  tip: TipInfo;
  /** code and message: the StorageFullError's (the app says it in the user's language by the code). */
  storage: { readOnly: boolean; code: StorageFullError['code']; message: string };
  rejected: { kind: RejectedKind; id: string; error: VerifyError };
}

export interface NodeOptions {
  params: NetworkParams;
  /** Which signaling server to join through: the page's choice in a tab (signal-setting.ts), MEMORY_SIGNALING in memory. */
  chooseSignaling: () => Promise<SignalingChoice>;
  /** The clock, in seconds. */
  now: () => number;
  store: ChainStore;
  /** Opens the transport: PeerJS in the browser (browser.ts), in-memory in tests and the simulator. */
  openTransport: (choice: SignalingChoice) => Promise<Transport>;
  /** Claims a rendezvous id with a second transport (null if taken). */
  claimRendezvous?: (choice: SignalingChoice, id: string) => Promise<Transport | null>;
  knownPeers?: PoolOptions['knownPeers'];
  anchors?: PoolOptions['anchors'];
  /** False only in the simulator's counterfactual (pool.ts). */
  eclipseDefences?: boolean;
  timers: Timers;
  random: RandomBytes;
  /** This node's secret key: its identity towards peers. */
  nodeSecret: Uint8Array;
  software: string;
  /** Heartbeat period (the simulator stretches it). */
  pingIntervalMs?: number;
  /** Verifies a submitted block's signatures ahead of its turn (a worker pool in a tab, browser.ts); without it they are verified inline. */
  signatureVerifier?: SignatureVerifier;
}

export class SimpleCoinNode {
  readonly events = new Emitter<NodeEvents>();
  readonly params: NetworkParams;
  transport: Transport | null = null;
  p2p: P2PNetwork | null = null;
  signaling: SignalingChoice | null = null;
  readOnly = false;
  private profile: ProfileMessage | null = null;
  /** Failed attempts to open the transport in a row, and the timer of the next one. */
  private openAttempt = 0;
  private retryTimer: unknown = null;
  private opening = false;
  private retryWanted = false;

  private constructor(
    private readonly options: NodeOptions,
    readonly chain: Chain,
    readonly mempool: Mempool,
  ) {
    this.params = options.params;
    this.chain.events.on('tip', (entry) => this.events.emit('tip', { height: entry.height, hashHex: entry.hashHex, time: entry.header.time }));
    this.chain.events.on('invalid', ({ hashHex, error }) => this.reportRejected('block', hashHex, error));
  }

  /** Opens the chain from storage (tip, header index and state, without replaying blocks) and the node on it. */
  static async open(options: NodeOptions): Promise<SimpleCoinNode> {
    const chain = await Chain.open(options.params, options.store, { now: options.now });
    return new SimpleCoinNode(options, chain, new Mempool(chain, { now: options.now }));
  }

  private readonly reported = new BoundedSet<string>(1_000);

  /** Tells the UI once per object what was refused and by which rule. */
  private reportRejected(kind: RejectedKind, id: string, error: VerifyError): void {
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.events.emit('rejected', { kind, id, error });
  }

  tipInfo(): TipInfo {
    const tip = this.chain.tip;
    return { height: tip.height, hashHex: tip.hashHex, time: tip.header.time };
  }

  /** Accepts a block from a peer or our miner. VerifyErrors propagate; a full disk makes us read-only. */
  async submitBlock(block: Uint8Array | Block): Promise<AcceptResult> {
    if (this.readOnly) throw new StorageFullError();
    try {
      const verifier = this.options.signatureVerifier;
      const awaited = (hashHex: string) => {
        const entry = this.chain.entry(hashHex);
        return entry !== null && !entry.hasData && !entry.invalid;
      };
      return await this.chain.submitBlock(block, verifier ? prefetchSignatures(block, this.chain.sigCache, verifier, awaited) : undefined);
    } catch (error) {
      if (error instanceof StorageFullError) this.enterReadOnly(error);
      throw error;
    }
  }

  submitTx(tx: Tx): void {
    this.mempool.add(tx);
  }

  /** Decodes and submits a transaction; throws VerifyError (bad-encoding included) if refused. */
  submitRawTx(bytes: Uint8Array): string {
    let tx: Tx;
    try {
      tx = decodeTx(bytes);
    } catch (error) {
      throw new VerifyError('bad-encoding', (error as Error).message);
    }
    return this.mempool.add(tx).id;
  }

  /** This node's identity towards peers (its BIP340 key). */
  get nodeKeyHex(): string {
    return toHex(publicKeyOf(this.options.nodeSecret));
  }

  /**
   * Mines blocks on the main thread: only for regtest, where a block takes a couple of hashes.
   * Tests and automation only. It does not wait for the clock: more than about 6 blocks a second
   * for minutes runs block times past the future limit, and it throws time-too-new.
   */
  async mineRegtestBlocks(count: number, recipient: Uint8Array): Promise<number> {
    let mined = 0;
    for (let i = 0; i < count; i++) {
      const block = mineRegtestBlock(this.chain, this.mempool, recipient, this.options.now());
      await this.submitBlock(block);
      mined++;
    }
    return mined;
  }

  /** Audits the store between block connections, so the audit sees one state, not a reorg midway. */
  checkConsistency(): Promise<ConsistencyReport> {
    return this.chain.serial(() => checkConsistency(this.params, this.options.store, this.options.now));
  }

  enterReadOnly(error: StorageFullError): void {
    if (this.readOnly) return;
    this.readOnly = true;
    this.events.emit('storage', { readOnly: true, code: error.code, message: error.message });
  }

  /**
   * Joins the network. If the signaling server cannot be reached (offline start, server down),
   * it tries again after 1, 2, 4, then every 5 s, and says so: retryNetwork() tries at once.
   */
  async startNetwork(): Promise<void> {
    if (this.transport || this.opening || this.stopped) return;
    this.opening = true;
    try {
      await this.openNetwork();
    } finally {
      this.opening = false;
    }
  }

  /** Retries now: the browser came back online, or the user pressed Retry. */
  retryNetwork(): void {
    if (this.transport) return this.transport.reconnectNow?.();
    // An attempt under way may have started before the network came back: try again right after it.
    if (this.opening) {
      this.retryWanted = true;
      return;
    }
    if (this.retryTimer) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.startNetwork();
  }

  private scheduleOpen(detail: string): void {
    this.openAttempt++;
    const nextInMs = this.retryWanted ? 0 : reconnectDelayMs(this.openAttempt);
    this.retryWanted = false;
    this.events.emit('signaling', { state: 'reconnecting', detail, attempt: this.openAttempt, nextInMs });
    this.retryTimer = this.options.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.startNetwork();
    }, nextInMs);
  }

  private async openNetwork(): Promise<void> {
    this.signaling = await this.options.chooseSignaling();
    const choice = this.signaling;
    this.events.emit('signaling', { state: 'connecting', detail: choice.config.label });
    const open = this.options.openTransport;
    let transport: Transport;
    try {
      transport = await open(choice);
    } catch (error) {
      if (!this.stopped) this.scheduleOpen(error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.stopped) return transport.close();
    this.transport = transport;
    this.openAttempt = 0;
    this.events.emit('signaling', { state: 'connected', detail: choice.config.label });
    this.transport.on('signaling', (s) => this.events.emit('signaling', s));
    const claim = this.options.claimRendezvous;
    const { timers, random, nodeSecret, software } = this.options;
    this.p2p = new P2PNetwork(
      {
        ctx: {
          params: this.params,
          identity: { secret: nodeSecret, key: publicKeyOf(nodeSecret), nonce: random(8).reduce((n, b) => (n << 8n) | BigInt(b), 0n) },
          timers,
          random,
          software,
          best: () => ({ height: this.chain.height, work: this.chain.tip.work }),
          pingIntervalMs: this.options.pingIntervalMs,
        },
        transport: this.transport,
        chain: this.chain,
        mempool: this.mempool,
        timers,
        submitBlock: (bytes) => this.submitBlock(bytes),
        readBlock: (hashHex) => this.options.store.getBlock(hashHex),
        claimRendezvous: claim ? (id) => claim(choice, id) : undefined,
        knownPeers: this.options.knownPeers,
        anchors: this.options.anchors,
        eclipseDefences: this.options.eclipseDefences,
      },
      {
        onPeers: (peers, closed) => this.events.emit('peers', { peers, closed }),
        onSync: (p) => this.events.emit('sync', p),
        onRejected: (kind, id, error) => this.reportRejected(kind, id, error),
        onOutdated: (minVersion) => this.events.emit('outdated', { minVersion }),
        onStorageFull: (error) => this.enterReadOnly(error),
      },
    );
    if (this.profile) this.p2p.profiles.set(this.profile);
    await this.p2p.start();
  }

  /** What this node tells peers about itself: display text for the classroom page. */
  setProfile(profile: ProfileMessage): void {
    this.profile = profile;
    this.p2p?.profiles.set(profile);
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.options.timers.clearTimeout(this.retryTimer);
    this.p2p?.stop();
    this.p2p = null;
    this.transport?.close();
    this.transport = null;
  }

  peerList(): PeerView[] {
    return this.p2p?.peerViews() ?? [];
  }
}
