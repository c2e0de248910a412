// Relay of blocks and transactions with inv/getdata: announce by hash, send the object only when
// asked, never to a peer that announced or was sent it, and remember what each peer knows.
import { toHex } from '../../core/encoding/bytes';
import { VerifyError } from '../../core/protocol/verify-error';
import { CodecError } from '../../core/encoding/codec-error';
import { BoundedSet, type Timers } from '../../core/util/timers';
import { INV_BLOCK, INV_TX, MAX_INV, type InvItem, type Message } from '../../core/p2p/messages';
import { decodeTx, encodeTx, txid } from '../../core/primitives/tx';
import { decodeBlock } from '../../core/primitives/block';
import { headerHash } from '../../core/primitives/header';
import type { AcceptResult, Chain } from '../../core/chain/chain';
import type { Mempool } from '../../core/mempool/mempool';
import type { PeerSession } from './peer';
import type { BlockSync } from './sync';
import { TokenBucket } from './budget';

/** Transfer rules whose failure may just mean the peer's view differs from ours: no penalty. */
const STATE_DEPENDENT = new Set(['tx-bad-nonce', 'tx-insufficient-funds', 'tx-immature-coinbase']);

export interface RelayContext {
  chain: Chain;
  mempool: Mempool;
  timers: Timers;
  sync: BlockSync;
  peers: () => PeerSession[];
  submitBlock: (bytes: Uint8Array) => Promise<AcceptResult>;
  readBlock: (hashHex: string) => Promise<Uint8Array | null>;
  onRejected: (kind: 'block' | 'tx', id: string, error: VerifyError, peer: PeerSession) => void;
}

export class Relay {
  private readonly recentRejects = new BoundedSet<string>(5_000);
  private readonly txRequested = new Map<string, PeerSession>();
  private readonly unsolicited = new WeakMap<PeerSession, TokenBucket>();

  constructor(private readonly ctx: RelayContext) {}

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
        return this.onGetData(peer, m.items);
      case 'notfound':
        for (const i of m.items) if (i.type === INV_TX) this.txRequested.delete(toHex(i.hash));
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
    const wanted: InvItem[] = [];
    for (const item of items) {
      const key = toHex(item.hash);
      peer.knownInv.add(key);
      if (item.type === INV_BLOCK) {
        if (!this.ctx.chain.index.get(key)) this.ctx.sync.fetchAnnounced(peer, item.hash);
      } else if (!this.ctx.mempool.has(key) && !this.recentRejects.has(key) && !this.txRequested.has(key)) {
        this.txRequested.set(key, peer);
        wanted.push(item);
      }
    }
    if (wanted.length > 0) peer.send({ type: 'getdata', items: wanted });
  }

  private async onGetData(peer: PeerSession, items: InvItem[]): Promise<void> {
    const missing: InvItem[] = [];
    for (const item of items.slice(0, MAX_INV)) {
      const key = toHex(item.hash);
      if (item.type === INV_TX) {
        const entry = this.ctx.mempool.get(key);
        if (entry) {
          peer.knownInv.add(key);
          peer.send({ type: 'tx', bytes: encodeTx(entry.tx) });
        } else missing.push(item);
      } else {
        const entry = this.ctx.chain.index.get(key);
        const bytes = entry?.hasData && !entry.invalid ? await this.ctx.readBlock(key) : null;
        if (bytes) {
          peer.knownInv.add(key);
          peer.send({ type: 'block', bytes });
        } else missing.push(item);
      }
    }
    if (missing.length > 0) peer.send({ type: 'notfound', items: missing });
  }

  private onTx(peer: PeerSession, bytes: Uint8Array): void {
    let tx;
    try {
      tx = decodeTx(bytes);
    } catch (error) {
      if (error instanceof CodecError) return peer.misbehave(100, `bad-encoding: ${error.message}`);
      throw error;
    }
    const id = toHex(txid(tx));
    peer.knownInv.add(id);
    const asked = this.txRequested.get(id) === peer;
    this.txRequested.delete(id);
    if (!asked && !this.takeUnsolicited(peer)) return peer.misbehave(100, 'unrequested transaction flood');
    if (this.ctx.mempool.has(id) || this.recentRejects.has(id)) return;
    try {
      this.ctx.mempool.add(tx);
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      this.recentRejects.add(id);
      this.ctx.onRejected('tx', id, error, peer);
      if (!STATE_DEPENDENT.has(error.code)) peer.misbehave(error.score, `invalid tx: ${error.code}`);
      return;
    }
    this.announce({ type: INV_TX, hash: txid(tx) }, peer);
  }

  private async onBlock(peer: PeerSession, bytes: Uint8Array): Promise<void> {
    let hashHex: string;
    try {
      hashHex = toHex(headerHash(decodeBlock(bytes).header));
    } catch (error) {
      if (error instanceof CodecError) return peer.misbehave(100, `bad-encoding: ${error.message}`);
      throw error;
    }
    peer.knownInv.add(hashHex);
    const asked = this.ctx.sync.isRequestedFrom(hashHex, peer);
    this.ctx.sync.received(hashHex);
    if (!asked && !this.takeUnsolicited(peer)) return peer.misbehave(100, 'unrequested block flood');
    let result: AcceptResult;
    try {
      result = await this.ctx.submitBlock(bytes);
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      this.ctx.onRejected('block', hashHex, error, peer);
      peer.misbehave(error.score, `invalid block: ${error.code}`);
      return;
    }
    // A block on a parent we lack: catch up on that peer's headers.
    if (result === 'orphan') this.ctx.sync.requestHeaders(peer, this.ctx.chain.tip);
    this.ctx.sync.schedule();
  }

  /** Unrequested objects: a few per minute are normal (races), a stream is a flood. */
  private takeUnsolicited(peer: PeerSession): boolean {
    let bucket = this.unsolicited.get(peer);
    if (!bucket) this.unsolicited.set(peer, (bucket = new TokenBucket(1 / 6, 20, this.ctx.timers.now())));
    return bucket.take(1, this.ctx.timers.now());
  }
}

