// Block relay in fewer round trips (protocol 4). New blocks are announced with `headers` to peers
// that sent `sendheaders` (BIP130), and pushed at once as compact blocks to peers that asked for
// that with `sendcmpct` (BIP152 high-bandwidth mode): header, short ids, and the coinbase, rebuilt
// here from the mempool; what is missing is asked with getblocktxn. One hop then costs half a
// round trip instead of 1.5 (inv, getdata, block).
import { toHex } from '../../core/encoding/bytes';
import { COMPACT_RELAY_VERSION, INV_BLOCK, type Message } from '../../core/p2p/messages';
import { candidatesOf, compactBlockOf, PartialBlock, type CompactBlockMessage } from '../../core/p2p/compact';
import { encodeBlock, type Block } from '../../core/primitives/block';
import { headerHash, type BlockHeader } from '../../core/primitives/header';
import type { Chain } from '../../core/chain/chain';
import type { IndexEntry } from '../../core/chain/header-index';
import type { Mempool } from '../../core/mempool/mempool';
import type { RandomBytes, Timers } from '../../core/util/timers';
import type { PeerSession } from './peer';
import type { BlockSync } from './sync';
import type { GetBlockTxn } from './upload';
import { PeerBudgets } from './budget';
import { BoundedMap } from '../../core/util/bounded-map';

/**
 * Peers we ask to push compact blocks to us. BIP152 suggests 3, to bound the copies a node receives;
 * we ask 8 (our outbound count): in the 1,000-node simulation 3 left arrival p95 at 0.83 s and 8
 * brought it to 0.60 s (docs/PERFORMANCE.md), and 8 copies of a compact block (6 bytes a
 * transaction) are still less than one full block.
 */
export const HIGH_BANDWIDTH_PEERS = 8;
/** At most this many headers announce a tip; beyond, inv (Bitcoin Core's MAX_BLOCKS_TO_ANNOUNCE). */
export const MAX_HEADERS_TO_ANNOUNCE = 8;
/** Recently connected blocks kept decoded, to build compact blocks and serve getblocktxn. */
export const RECENT_BLOCKS = 8;

export interface CompactContext {
  chain: Chain;
  mempool: Mempool;
  timers: Timers;
  random: RandomBytes;
  sync: BlockSync;
  peers: () => PeerSession[];
  serveTxns: (peer: PeerSession, request: GetBlockTxn) => void;
  /** A rebuilt block, checked and connected as if the peer had sent it whole (relay.ts). */
  deliver: (peer: PeerSession, bytes: Uint8Array, hashHex: string) => Promise<void>;
}

export type CompactMessage = Extract<Message, { type: 'sendheaders' | 'sendcmpct' | 'cmpctblock' | 'getblocktxn' | 'blocktxn' }>;

const speaksCompact = (p: PeerSession) => (p.remote?.protocolVersion ?? 0) >= COMPACT_RELAY_VERSION;

export class CompactRelay {
  private readonly wantsHeaders = new WeakSet<PeerSession>();
  private readonly wantsCompact = new WeakSet<PeerSession>();
  /** The peers we asked for high-bandwidth mode, oldest first. */
  private highBandwidth: PeerSession[] = [];
  /** At most one block being rebuilt per peer. */
  private readonly partials = new Map<PeerSession, PartialBlock>();
  private readonly recent = new BoundedMap<string, Block>(RECENT_BLOCKS);
  /** Compact blocks or blocktxn we did not ask for: a few are races, a stream is a flood. */
  private readonly unsolicited = new PeerBudgets<PeerSession>(1 / 6, 20);

  constructor(private readonly ctx: CompactContext) {
    ctx.chain.events.on('connect', ({ entry, block }) => {
      this.recent.set(entry.hashHex, block);
    });
  }

  recentBlock(hashHex: string): Block | null {
    return this.recent.get(hashHex) ?? null;
  }

  /** After the handshake: ask for headers announcements, and for compact blocks from the first few peers. */
  onReady(peer: PeerSession): void {
    if (!speaksCompact(peer)) return;
    peer.send({ type: 'sendheaders' });
    const announce = this.highBandwidth.length < HIGH_BANDWIDTH_PEERS;
    if (announce) this.highBandwidth.push(peer);
    peer.send({ type: 'sendcmpct', announce });
  }

  peerGone(peer: PeerSession): void {
    this.partials.delete(peer);
    this.highBandwidth = this.highBandwidth.filter((p) => p !== peer);
  }

  /**
   * The peer that just gave us a new tip becomes a high-bandwidth peer, and the oldest of them goes
   * back to announcements (Bitcoin Core's MaybeSetPeerAsAnnouncingHeaderAndIDs): the fastest paths push to us.
   */
  promote(peer: PeerSession): void {
    if (!speaksCompact(peer) || this.highBandwidth.includes(peer) || peer.state !== 'ready') return;
    this.highBandwidth.push(peer);
    peer.send({ type: 'sendcmpct', announce: true });
    if (this.highBandwidth.length > HIGH_BANDWIDTH_PEERS) this.highBandwidth.shift()?.send({ type: 'sendcmpct', announce: false });
  }

  /** Announces a new tip to every ready peer that does not know it: compact block, headers or inv. */
  announce(tip: IndexEntry): void {
    for (const [peer, partial] of this.partials) if (this.ctx.chain.index.get(partial.hashHex)?.hasData) this.partials.delete(peer);
    const block = this.recent.get(tip.hashHex);
    let compact: CompactBlockMessage | null = null;
    for (const p of this.ctx.peers()) {
      if (p.state !== 'ready' || p.knownInv.has(tip.hashHex)) continue;
      p.knownInv.add(tip.hashHex);
      const headers = this.wantsHeaders.has(p) ? this.headersToAnnounce(p, tip) : null;
      if (block && this.wantsCompact.has(p)) p.send((compact ??= compactBlockOf(block, this.nonce())));
      else if (headers) p.send({ type: 'headers', headers });
      else p.send({ type: 'inv', items: [{ type: INV_BLOCK, hash: tip.hash }] });
    }
  }

  /** The headers from the last block the peer knows up to the tip, if that is at most 8 back (BIP130). */
  private headersToAnnounce(peer: PeerSession, tip: IndexEntry): BlockHeader[] | null {
    const headers: BlockHeader[] = [];
    for (let e: IndexEntry | null = tip; e; e = e.parent) {
      if (e !== tip && (e.height === 0 || peer.knownInv.has(e.hashHex))) return headers.reverse();
      if (headers.length === MAX_HEADERS_TO_ANNOUNCE) return null;
      headers.push(e.header);
    }
    return null;
  }

  private nonce(): bigint {
    return this.ctx.random(8).reduce((n, b) => (n << 8n) | BigInt(b), 0n);
  }

  async onMessage(peer: PeerSession, m: CompactMessage): Promise<void> {
    switch (m.type) {
      case 'sendheaders':
        return void this.wantsHeaders.add(peer);
      case 'sendcmpct':
        return void (m.announce ? this.wantsCompact.add(peer) : this.wantsCompact.delete(peer));
      case 'cmpctblock':
        return this.onCompact(peer, m);
      case 'getblocktxn':
        return this.ctx.serveTxns(peer, m);
      case 'blocktxn':
        return this.onBlockTxn(peer, m);
    }
  }

  private async onCompact(peer: PeerSession, m: CompactBlockMessage): Promise<void> {
    const { chain, sync } = this.ctx;
    const hash = headerHash(m.header);
    const hashHex = toHex(hash);
    peer.knownInv.add(hashHex);
    const known = chain.index.get(hashHex);
    if (known?.hasData || known?.invalid || chain.orphans.has(hashHex) || chain.isAccepting(hashHex)) return;
    if (!this.highBandwidth.includes(peer) && !this.unsolicited.take(peer, 1, this.ctx.timers.now())) return peer.misbehave('flood-unrequested-block');
    // On a parent we lack we are behind (or it is on a branch we never saw): catch up, no blame.
    if (!chain.index.get(toHex(m.header.prevHash))) return sync.requestHeaders(peer);
    // While we presync this peer's headers, one pushed header must not cut the presync short: the
    // announcement is enough.
    if (sync.presyncOf(peer)) return;
    // Already on its way whole from another peer (its headers came first): rebuilt here too if the
    // mempool holds every transaction, which costs no round trip (Bitcoin Core reconstructs in
    // parallel too, PR #27626); otherwise that request settles it.
    const elsewhere = sync.isRequested(hashHex) && !sync.isRequestedFrom(hashHex, peer);
    if (!elsewhere) sync.claim(hashHex, peer);
    // The header is judged like any other (its rule's score if it breaks one).
    await sync.onHeaders(peer, [m.header]);
    const entry = chain.index.get(hashHex);
    const wanted = entry && !entry.hasData && !entry.invalid && entry.work > chain.tip.work && peer.state === 'ready' && !chain.isAccepting(hashHex);
    if (!wanted) return elsewhere ? undefined : sync.release(hashHex, peer);
    const partial = new PartialBlock(m, hashHex, candidatesOf(this.ctx.mempool.entries()));
    if (elsewhere) return partial.ambiguous || partial.missing().length > 0 ? undefined : this.finish(peer, partial, hash, elsewhere);
    if (partial.ambiguous) return this.fetchWhole(peer, hash);
    const missing = partial.missing();
    if (missing.length === 0) return this.finish(peer, partial, hash);
    this.partials.set(peer, partial);
    peer.send({ type: 'getblocktxn', blockHash: hash, indexes: missing });
  }

  private async onBlockTxn(peer: PeerSession, m: Extract<Message, { type: 'blocktxn' }>): Promise<void> {
    const partial = this.partials.get(peer);
    if (!partial || partial.hashHex !== toHex(m.blockHash)) {
      if (!this.unsolicited.take(peer, 1, this.ctx.timers.now())) peer.misbehave('flood-unrequested-block');
      return;
    }
    this.partials.delete(peer);
    if (!partial.fill(m.txs)) return peer.misbehave('bad-blocktxn');
    return this.finish(peer, partial, m.blockHash);
  }

  /** A full rebuild goes to the chain; one whose merkle root fails may be a short-id collision: fetch it whole. */
  private async finish(peer: PeerSession, partial: PartialBlock, hash: Uint8Array, elsewhere = false): Promise<void> {
    const block = partial.block();
    if (block === 'incomplete' || block === 'mismatch') return elsewhere ? undefined : this.fetchWhole(peer, hash);
    await this.ctx.deliver(peer, encodeBlock(block), partial.hashHex);
  }

  /** The block is still claimed for this peer: ask it for the whole block, under the usual timeout. */
  private fetchWhole(peer: PeerSession, hash: Uint8Array): void {
    peer.send({ type: 'getdata', items: [{ type: INV_BLOCK, hash }] });
  }
}
