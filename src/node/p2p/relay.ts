// Relay of blocks and transactions with inv/getdata: announce by hash, send the object only when
// asked, never to a peer that announced or was sent it, and remember what each peer knows.
import { toHex } from '../../core/encoding/bytes';
import { VerifyError } from '../../core/protocol/verify-error';
import { CodecError } from '../../core/encoding/codec-error';
import type { Timers } from '../../core/util/timers';
import { BoundedSet } from '../../core/util/bounded-map';
import { INV_BLOCK, INV_TX, type InvItem, type Message } from '../../core/p2p/messages';
import { decodeTx, txid } from '../../core/primitives/tx';
import { decodeBlock, type Block } from '../../core/primitives/block';
import { headerHash } from '../../core/primitives/header';
import type { AcceptResult, Chain } from '../../core/chain/chain';
import type { Mempool } from '../../core/mempool/mempool';
import type { PeerSession } from './peer';
import type { BlockSync } from './sync';
import { PeerBudgets } from './budget';
import { Uploader, type GetHeaders } from './upload';

/**
 * Transfer rules whose failure may just mean the peer's view differs from ours (it has not seen
 * the block that used the nonce or spent the funds yet). Like Bitcoin Core's missing-inputs, one
 * such transaction is not held against the peer; a stream of them is (INVALID_TX_BURST).
 */
const STATE_DEPENDENT = new Set(['tx-bad-nonce', 'tx-insufficient-funds', 'tx-immature-coinbase']);

/** Transactions refused since the last tip, not fetched again until the next one. */
const RECENT_REJECTS = 5_000;
/** Inventory items a peer may announce: 1,000 a second, in bursts of 5,000 (more than a full block's transactions). */
export const INV_ITEMS_PER_SEC = 1_000;
export const INV_ITEMS_BURST = 5_000;
/** Transactions we wait for from one peer at once (Bitcoin Core: MAX_PEER_TX_ANNOUNCEMENTS). */
export const MAX_TX_REQUESTS_PER_PEER = 1_000;
/** A requested transaction not delivered in this time may be asked of another peer. */
export const TX_REQUEST_TIMEOUT_MS = 60_000;
/** Transactions failing only for our state or policy: 10 in a burst, then one per 30 s. */
export const INVALID_TX_BURST = 10;
export const INVALID_TX_PER_SEC = 1 / 30;

export interface RelayContext {
  chain: Chain;
  mempool: Mempool;
  timers: Timers;
  sync: BlockSync;
  peers: () => PeerSession[];
  submitBlock: (bytes: Uint8Array) => Promise<AcceptResult>;
  readBlock: (hashHex: string) => Promise<Uint8Array | null>;
  /** Recently connected blocks, decoded: getblocktxn is answered from them. */
  recentBlock?: (hashHex: string) => Block | null;
  onRejected: (kind: 'block' | 'tx', id: string, error: VerifyError, peer: PeerSession) => void;
}

export class Relay {
  private recentRejects = new BoundedSet<string>(RECENT_REJECTS);
  private readonly txRequested = new Map<string, { peer: PeerSession; at: number }>();
  private readonly txRequestsOf = new WeakMap<PeerSession, number>();
  /** Unrequested objects: a few per minute are normal (races), a stream is a flood. */
  private readonly unsolicited = new PeerBudgets<PeerSession>(1 / 6, 20);
  private readonly invBudget = new PeerBudgets<PeerSession>(INV_ITEMS_PER_SEC, INV_ITEMS_BURST);
  private readonly invalidTxBudget = new PeerBudgets<PeerSession>(INVALID_TX_PER_SEC, INVALID_TX_BURST);

  /** Serves getdata and getheaders within each peer's upload budget. */
  readonly uploader: Uploader;

  constructor(private readonly ctx: RelayContext) {
    this.uploader = new Uploader({ ...ctx, headersFor: (m) => ctx.sync.headersFor(m) });
    // A refusal for our state (a nonce gap, missing funds) may not hold on the next tip: forget
    // them all, as Bitcoin Core resets its recent rejects on every new tip.
    ctx.chain.events.on('tip', () => (this.recentRejects = new BoundedSet<string>(RECENT_REJECTS)));
  }

  serveHeaders(peer: PeerSession, m: GetHeaders): void {
    this.uploader.getHeaders(peer, m);
  }

  /** Announces inventory to every ready peer that does not know it yet. */
  announce(item: InvItem, except?: PeerSession): void {
    const key = toHex(item.hash);
    for (const p of this.ctx.peers()) {
      if (p === except || p.state !== 'ready' || p.knownInv.has(key)) continue;
      p.knownInv.add(key);
      p.send({ type: 'inv', items: [item] });
    }
  }

  async onMessage(peer: PeerSession, m: Message): Promise<void> {
    switch (m.type) {
      case 'inv':
        return this.onInv(peer, m.items);
      case 'getdata':
        return this.uploader.getData(peer, m.items);
      case 'notfound':
        for (const i of m.items) if (i.type === INV_TX) this.forgetTxRequest(toHex(i.hash), peer);
        return this.ctx.sync.notFound(peer, m.items.filter((i) => i.type === INV_BLOCK).map((i) => i.hash));
      case 'tx':
        return this.onTx(peer, m.bytes);
      case 'block':
        return this.onBlock(peer, m.bytes);
      default:
        return undefined;
    }
  }

  private onInv(peer: PeerSession, items: InvItem[]): void {
    const now = this.ctx.timers.now();
    if (!this.invBudget.take(peer, items.length, now)) return peer.misbehave('flood-inv', `more than ${INV_ITEMS_PER_SEC} announcements a second`);
    const wanted: InvItem[] = [];
    for (const item of items) {
      const key = toHex(item.hash);
      peer.knownInv.add(key);
      if (item.type === INV_BLOCK) {
        // A header without its block (a junk body may have indexed it) still needs the block.
        if (!this.ctx.chain.index.get(key)?.hasData) this.ctx.sync.fetchAnnounced(peer, item.hash);
        continue;
      }
      if (this.ctx.mempool.has(key) || this.recentRejects.has(key)) continue;
      const pending = this.txRequested.get(key);
      if (pending && now - pending.at < TX_REQUEST_TIMEOUT_MS) continue;
      if (pending) this.forgetTxRequest(key, pending.peer);
      // A peer that announces more than it delivers gets no more requests until it catches up.
      const outstanding = this.txRequestsOf.get(peer) ?? 0;
      if (outstanding >= MAX_TX_REQUESTS_PER_PEER) continue;
      this.txRequestsOf.set(peer, outstanding + 1);
      this.txRequested.set(key, { peer, at: now });
      wanted.push(item);
    }
    if (wanted.length > 0) peer.send({ type: 'getdata', items: wanted });
  }

  /** A peer has gone: its undelivered transactions may be asked of others. */
  peerGone(peer: PeerSession): void {
    for (const [key, r] of this.txRequested) if (r.peer === peer) this.txRequested.delete(key);
    this.txRequestsOf.delete(peer);
  }

  private forgetTxRequest(key: string, peer: PeerSession): boolean {
    const r = this.txRequested.get(key);
    if (r?.peer !== peer) return false;
    this.txRequested.delete(key);
    this.txRequestsOf.set(peer, Math.max(0, (this.txRequestsOf.get(peer) ?? 1) - 1));
    return true;
  }

  private onTx(peer: PeerSession, bytes: Uint8Array): void {
    let tx;
    try {
      tx = decodeTx(bytes);
    } catch (error) {
      if (error instanceof CodecError) return peer.misbehave('bad-encoding', error.message);
      throw error;
    }
    const id = toHex(txid(tx));
    peer.knownInv.add(id);
    const asked = this.forgetTxRequest(id, peer);
    if (!asked && !this.unsolicited.take(peer, 1, this.ctx.timers.now())) return peer.misbehave('flood-unrequested-tx');
    if (this.ctx.mempool.has(id) || this.recentRejects.has(id)) return;
    try {
      this.ctx.mempool.add(tx);
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      this.recentRejects.add(id);
      this.ctx.onRejected('tx', id, error, peer);
      if (!STATE_DEPENDENT.has(error.code) && !error.code.startsWith('mempool-')) return peer.misbehaveRule('invalid-tx', error);
      if (!this.invalidTxBudget.take(peer, 1, this.ctx.timers.now())) peer.misbehave('flood-invalid-tx', `a stream of refused transactions, the last ${error.code}`);
      return;
    }
    this.announce({ type: INV_TX, hash: txid(tx) }, peer);
  }

  private async onBlock(peer: PeerSession, bytes: Uint8Array): Promise<void> {
    let hashHex: string;
    try {
      hashHex = toHex(headerHash(decodeBlock(bytes).header));
    } catch (error) {
      if (error instanceof CodecError) return peer.misbehave('bad-encoding', error.message);
      throw error;
    }
    peer.knownInv.add(hashHex);
    const asked = this.ctx.sync.isRequestedFrom(hashHex, peer);
    this.ctx.sync.received(hashHex, peer);
    if (!asked && !this.unsolicited.take(peer, 1, this.ctx.timers.now())) return peer.misbehave('flood-unrequested-block');
    return this.acceptBlock(peer, bytes, hashHex);
  }

  /**
   * A block rebuilt from a compact block the peer pushed (compact-relay.ts), which has already
   * judged that push as asked for or not: it is not charged again as an unrequested block.
   */
  async onRebuiltBlock(peer: PeerSession, bytes: Uint8Array, hashHex: string): Promise<void> {
    this.ctx.sync.received(hashHex, peer);
    return this.acceptBlock(peer, bytes, hashHex);
  }

  private async acceptBlock(peer: PeerSession, bytes: Uint8Array, hashHex: string): Promise<void> {
    let result: AcceptResult;
    try {
      result = await this.ctx.submitBlock(bytes);
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      this.ctx.onRejected('block', hashHex, error, peer);
      peer.misbehaveRule('invalid-block', error);
      return;
    }
    // A block on a parent we lack: catch up on that peer's headers.
    if (result === 'orphan') this.ctx.sync.requestHeaders(peer, this.ctx.chain.tip);
    this.ctx.sync.schedule();
  }
}

