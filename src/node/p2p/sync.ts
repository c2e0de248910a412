// Headers-first sync and block download. Headers come from any peer with more work; missing
// blocks of the best header chain are fetched in parallel from several peers, at most
// MAX_IN_FLIGHT_PER_PEER each, re-requested elsewhere after a timeout.
import { toHex, fromHex } from '../../core/encoding/bytes';
import { VerifyError } from '../../core/protocol/verify-error';
import { INV_BLOCK, MAX_HEADERS, type Message } from '../../core/p2p/messages';
import { isBetter } from '../../core/chain/activate';
import { headerHash, type BlockHeader } from '../../core/primitives/header';
import { judgeBatch } from '../../core/chain/header-batch';
import { HeadersPresync } from '../../core/chain/presync';
import type { IndexEntry } from '../../core/chain/header-index';
import type { Chain } from '../../core/chain/chain';
import type { Timers } from '../../core/util/timers';
import { BoundedMap } from '../../core/util/bounded-map';
import type { PeerSession } from './peer';
import { BestPath } from './best-path';

import { BLOCK_TIMEOUT_MS, DOWNLOAD_WINDOW, LOW_WORK_HEADER_BUDGET, MAX_ANNOUNCED, MAX_ANNOUNCED_PER_PEER, MAX_IN_FLIGHT_PER_PEER, MAX_MARKED, MAX_UNCONNECTING_HEADERS } from './sync-limits';

export { BLOCK_TIMEOUT_MS, DOWNLOAD_WINDOW, LOW_WORK_HEADER_BUDGET, MAX_ANNOUNCED, MAX_ANNOUNCED_PER_PEER, MAX_IN_FLIGHT_PER_PEER, MAX_UNCONNECTING_HEADERS };

/** Header sync state of one peer. */
interface HeaderPeerState {
  lowWork: number;
  unconnecting: number;
  presync: HeadersPresync | null;
}

export interface SyncProgress {
  height: number;
  bestHeaderHeight: number;
  inFlight: number;
  syncing: boolean;
  /** The best height a ready peer claims (headers are fetched up to it). */
  peerHeight: number;
}

interface Request {
  peer: PeerSession;
  at: number;
}

interface Announced {
  hash: Uint8Array;
  /** In the order they announced it; the first able one is asked. */
  by: PeerSession[];
}

export class BlockSync {
  bestHeader: IndexEntry;
  private readonly requested = new Map<string, Request>();
  /** Peers that answered notfound for a block, or delivered a copy: not asked for it again. */
  private readonly lacking = new BoundedMap<string, WeakSet<PeerSession>>(MAX_MARKED);
  /** Peers that let a request for a block time out: asked for it again only if no other peer has it. */
  private readonly timedOut = new BoundedMap<string, WeakSet<PeerSession>>(MAX_MARKED);
  private readonly announced = new BoundedMap<string, Announced>(MAX_ANNOUNCED, (_, a) => this.uncount(a));
  private readonly announcedBy = new WeakMap<PeerSession, number>();
  /** Requests a peer let time out, less blocks it delivered since: peers with fewer are asked first. */
  private readonly stalls = new WeakMap<PeerSession, number>();
  private paused = false;
  private turn = 0;
  private readonly bestPath = new BestPath();
  private readonly headerStates = new WeakMap<PeerSession, HeaderPeerState>();

  constructor(
    private readonly chain: Chain,
    private readonly timers: Timers,
    private readonly peers: () => PeerSession[],
    private readonly onProgress: (p: SyncProgress) => void,
    /** A header a peer sent broke a rule (shown with its rule ID, like blocks and transactions). */
    private readonly onRejected: (hashHex: string, error: VerifyError, peer: PeerSession) => void = () => undefined,
  ) {
    this.bestHeader = chain.tip;
  }

  progress(): SyncProgress {
    // Blocks are fetched only towards the chain's best header, and only while it has more work
    // than our tip (on a tie, our tip's block was received first and wins).
    const best = this.chain.bestHeader;
    this.bestHeader = best.work > this.chain.tip.work && !best.invalid ? best : this.chain.tip;
    const peerHeight = Math.max(0, ...this.peers().map((p) => p.bestHeight));
    return { height: this.chain.height, bestHeaderHeight: this.bestHeader.height, inFlight: this.requested.size, syncing: this.bestHeader.height > this.chain.height, peerHeight };
  }

  isRequestedFrom(hashHex: string, peer: PeerSession): boolean {
    return this.requested.get(hashHex)?.peer === peer;
  }

  isRequested(hashHex: string): boolean {
    return this.requested.has(hashHex);
  }

  /**
   * A peer is sending us this block another way (a compact block being rebuilt): count it as
   * requested from that peer, so it is not fetched elsewhere meanwhile, and time it out as any request.
   */
  claim(hashHex: string, peer: PeerSession): void {
    this.requested.set(hashHex, { peer, at: this.timers.now() });
  }

  /** The claimed block will not come that way after all (its header led nowhere): no stall. */
  release(hashHex: string, peer: PeerSession): void {
    if (this.requested.get(hashHex)?.peer === peer) this.requested.delete(hashHex);
  }

  /** After the handshake: ask a peer with more work for its headers. */
  onReady(peer: PeerSession): void {
    if (peer.bestWork > this.chain.tip.work) this.requestHeaders(peer);
  }

  requestHeaders(peer: PeerSession, from: IndexEntry = this.bestHeader): void {
    peer.send({ type: 'getheaders', locator: this.chain.locator(from), stop: new Uint8Array(32) });
  }

  /** The answer to a getheaders, from our active chain (relay.ts meters and sends it). */
  headersFor(m: Extract<Message, { type: 'getheaders' }>): BlockHeader[] {
    const fork = this.chain.findFork(m.locator);
    const stopHex = toHex(m.stop);
    const headers = [];
    for (let h = fork.height + 1; h <= this.chain.height && headers.length < MAX_HEADERS; h++) {
      const e = this.chain.entryAt(h);
      headers.push(e.header);
      if (e.hashHex === stopHex) break;
    }
    return headers;
  }

  /** Headers currently being presynced from a peer (for tests and figures). */
  presyncOf(peer: PeerSession): HeadersPresync | null {
    return this.headerStates.get(peer)?.presync ?? null;
  }

  /**
   * A headers message. Nothing is indexed unless it leads to more work than our tip: a full
   * message that does not is presynced (presync.ts), a short one is dropped and counted. Branches
   * on what happened (the rule), never on a score: time-too-new scores 0 but connects fine.
   */
  async onHeaders(peer: PeerSession, headers: Extract<Message, { type: 'headers' }>['headers']): Promise<void> {
    if (headers.length === 0) return;
    let state = this.headerStates.get(peer);
    if (!state) this.headerStates.set(peer, (state = { lowWork: 0, unconnecting: 0, presync: null }));
    const shape = judgeBatch(this.chain.index, headers, this.chain.params);
    const full = headers.length === MAX_HEADERS;
    if (shape.kind === 'not-continuous') return peer.misbehave('headers-not-continuous', `header ${shape.at} does not build on the one before it`);
    if (shape.kind === 'invalid') {
      state.presync = null;
      this.onRejected(toHex(shape.hashes[shape.at] as Uint8Array), shape.error, peer);
      return peer.misbehaveRule('invalid-header', shape.error);
    }
    if (state.presync) return this.continuePresync(peer, state, headers, shape.hashes, full);
    if (shape.kind === 'unconnected') {
      // We never send headers unasked, and an answer to our locator connects: a stream of these is
      // a peer ignoring the protocol, so it costs a little every tenth time (Bitcoin Core).
      if (++state.unconnecting % MAX_UNCONNECTING_HEADERS === 0) peer.misbehave('headers-unconnecting', `${state.unconnecting} headers messages that do not connect`);
      return this.requestHeaders(peer);
    }
    state.unconnecting = 0;
    const lastKnown = this.chain.index.get(toHex(shape.hashes[shape.hashes.length - 1] as Uint8Array));
    if (lastKnown || shape.work > this.chain.tip.work || shape.parent.invalid) {
      // Leads to more work (or is known already, or builds on a block we know is invalid, which
      // acceptHeaders refuses with its rule): index it.
      const last = await this.indexHeaders(peer, headers);
      if (last && full && peer.state === 'ready') this.requestHeaders(peer, last);
    } else if (full) {
      state.presync = new HeadersPresync(shape.parent, this.chain.anchorOf(shape.parent), this.chain.params, () => this.chain.nowSeconds(), () => this.chain.tip.work);
      return this.continuePresync(peer, state, headers, shape.hashes, full);
    } else {
      state.lowWork += headers.length;
      if (state.lowWork > LOW_WORK_HEADER_BUDGET) return peer.misbehave('flood-low-work-headers', `over ${LOW_WORK_HEADER_BUDGET} headers without more work than our tip`);
    }
    this.schedule();
  }

  /** Indexes headers (in memory) and notes what they prove of the peer; returns the last indexed. */
  private async indexHeaders(peer: PeerSession, headers: BlockHeader[]): Promise<IndexEntry | null> {
    const { entries, error } = await this.chain.acceptHeaders(headers);
    const last = entries[entries.length - 1] ?? null;
    if (last) {
      if (isBetter(last, this.bestHeader)) this.bestHeader = last;
      if (peer.bestWork < last.work) peer.bestWork = last.work;
      if (peer.bestHeight < last.height) peer.bestHeight = last.height;
    }
    if (error) {
      // Refused and logged with its rule. time-too-new (score 0) may be our clock: no blame, and
      // not asked again (that would loop at round-trip speed); the next announcement retries.
      this.onRejected(toHex(headerHash(headers[entries.length] as BlockHeader)), error, peer);
      peer.misbehaveRule('invalid-header', error);
    }
    return last;
  }

  private async continuePresync(peer: PeerSession, state: HeaderPeerState, headers: BlockHeader[], hashes: Uint8Array[], full: boolean): Promise<void> {
    const presync = state.presync as HeadersPresync;
    const step = presync.feed(headers, hashes, full);
    const ask = (from: Uint8Array | null) => peer.send({ type: 'getheaders', locator: [...(from ? [from] : []), ...this.chain.locator(presync.fork)], stop: new Uint8Array(32) });
    switch (step.kind) {
      case 'more':
        return ask(step.from);
      case 'redownload':
        return ask(null);
      case 'done': {
        state.presync = null;
        const last = await this.indexHeaders(peer, step.release);
        if (last && full && peer.state === 'ready') this.requestHeaders(peer, last);
        return this.schedule();
      }
      case 'invalid':
        state.presync = null;
        this.onRejected(toHex(hashes[step.at] as Uint8Array), step.error, peer);
        return peer.misbehaveRule('invalid-header', step.error);
      case 'aborted':
        break;
    }
    state.presync = null;
  }

  /** Blocks we lack on the way to the best header, oldest first. */
  private missing(): IndexEntry[] {
    this.progress();
    const path = this.bestPath.update(this.bestHeader);
    return BestPath.above(path, this.chain.height, (e) => this.chain.isActive(e), (e) => !e.hasData && !this.chain.isAccepting(e.hashHex), DOWNLOAD_WINDOW);
  }

  /** Hands missing blocks to peers that can serve them, respecting each one's in-flight cap. */
  schedule(): void {
    if (this.paused) return;
    const now = this.timers.now();
    const ready = this.peers().filter((p) => p.state === 'ready');
    if (ready.length === 0) return;
    const load = this.loads();
    const batches = new Map<PeerSession, Uint8Array[]>();
    // Once every ready peer is at its in-flight cap, no further block can be asked of anyone.
    let full = ready.filter((p) => (load.get(p) ?? 0) >= MAX_IN_FLIGHT_PER_PEER).length;
    for (const entry of this.missing()) {
      if (full === ready.length) break;
      if (this.requested.has(entry.hashHex)) continue;
      const announcers = this.announced.get(entry.hashHex)?.by;
      // A peer has a block if it announced it, or its best height (version, or the headers it sent) reaches it.
      const able = this.choosable(entry.hashHex, ready.filter((p) => p.bestHeight >= entry.height || announcers?.includes(p)), load);
      if (able.length === 0) continue;
      const peer = able[this.turn++ % able.length] as PeerSession;
      load.set(peer, (load.get(peer) ?? 0) + 1);
      if (load.get(peer) === MAX_IN_FLIGHT_PER_PEER) full++;
      this.requested.set(entry.hashHex, { peer, at: now });
      const list = batches.get(peer) ?? [];
      list.push(entry.hash);
      batches.set(peer, list);
    }
    for (const [peer, hashes] of batches) peer.send({ type: 'getdata', items: hashes.map((hash) => ({ type: INV_BLOCK, hash })) });
    for (const hashHex of [...this.announced.keys()]) this.requestAnnounced(hashHex, load);
    this.onProgress(this.progress());
  }

  /**
   * Of the peers that have a block, those to ask: not one that answered notfound; not one that let
   * a request for it time out while another has it; under the in-flight cap; and of those, the ones
   * that stalled least, outbound first. A stall proves only slowness, so it costs order, not score.
   */
  private choosable(hashHex: string, havers: PeerSession[], load: Map<PeerSession, number>): PeerSession[] {
    const lacking = this.lacking.get(hashHex);
    const slow = this.timedOut.get(hashHex);
    const willing = havers.filter((p) => !lacking?.has(p));
    const fresh = willing.filter((p) => !slow?.has(p));
    const able = (fresh.length > 0 ? fresh : willing).filter((p) => (load.get(p) ?? 0) < MAX_IN_FLIGHT_PER_PEER);
    const fewest = Math.min(...able.map((p) => this.stalls.get(p) ?? 0));
    // Outbound peers first: we chose them, while anyone can dial in and race to announce.
    const rank = (p: PeerSession) => (p.direction === 'outbound' ? 0 : 1);
    return able.filter((p) => (this.stalls.get(p) ?? 0) === fewest).sort((x, y) => rank(x) - rank(y));
  }

  private loads(): Map<PeerSession, number> {
    const load = new Map<PeerSession, number>();
    for (const r of this.requested.values()) load.set(r.peer, (load.get(r.peer) ?? 0) + 1);
    return load;
  }

  /** Our storage is full: fetching blocks we cannot keep only spends our peers' upload. */
  pauseDownloads(): void {
    this.paused = true;
  }

  /** Remembers who announced a block and asks the first able announcer for it. */
  fetchAnnounced(peer: PeerSession, hash: Uint8Array): void {
    const hashHex = toHex(hash);
    const entry = this.chain.index.get(hashHex);
    if (entry?.hasData || entry?.invalid) return;
    let a = this.announced.get(hashHex);
    if (!a?.by.includes(peer)) {
      const share = this.announcedBy.get(peer) ?? 0;
      if (share >= MAX_ANNOUNCED_PER_PEER) return;
      if (!a) {
        this.announced.set(hashHex, (a = { hash, by: [] }));
      }
      a.by.push(peer);
      this.announcedBy.set(peer, share + 1);
    }
    if (!this.requested.has(hashHex)) this.requestAnnounced(hashHex, this.loads());
  }

  /**
   * Asks for an announced block unless it is requested, stored, or waiting in the orphan pool. An
   * orphan's body may be junk under the real header: once its parent arrives and it fails, the
   * block is asked of its announcers again.
   */
  private requestAnnounced(hashHex: string, load: Map<PeerSession, number>): void {
    const a = this.announced.get(hashHex);
    if (!a || this.paused || this.requested.has(hashHex) || this.chain.orphans.has(hashHex)) return;
    const entry = this.chain.index.get(hashHex);
    if (entry?.hasData || entry?.invalid) return this.forgetAnnounced(hashHex);
    // A header we hold that leads to no more work than our tip: its block cannot become our tip.
    if (entry && entry.work <= this.chain.tip.work) return;
    const lacking = this.lacking.get(hashHex);
    // No announcer left that still claims to have it: forget it (a new announcement brings it back).
    if (a.by.every((p) => p.state !== 'ready' || lacking?.has(p))) return this.forgetAnnounced(hashHex);
    const peer = this.choosable(hashHex, a.by.filter((p) => p.state === 'ready'), load)[0];
    if (!peer) return;
    load.set(peer, (load.get(peer) ?? 0) + 1);
    this.requested.set(hashHex, { peer, at: this.timers.now() });
    peer.send({ type: 'getdata', items: [{ type: INV_BLOCK, hash: a.hash }] });
  }

  private forgetAnnounced(hashHex: string): void {
    const a = this.announced.get(hashHex);
    if (!a) return;
    this.announced.delete(hashHex);
    this.uncount(a);
  }

  /** An announcement forgotten: its announcers' shares go down. */
  private uncount(a: Announced): void {
    for (const p of a.by) this.announcedBy.set(p, Math.max(0, (this.announcedBy.get(p) ?? 1) - 1));
  }

  /** Notes that a peer failed us for a block (in `table`, lacking or timedOut; MAX_MARKED blocks each). */
  private mark(table: BoundedMap<string, WeakSet<PeerSession>>, hashHex: string, peer: PeerSession): void {
    let set = table.get(hashHex);
    if (!set) table.set(hashHex, (set = new WeakSet()));
    set.add(peer);
  }

  /** A block with this hash arrived from a peer (valid or not: it is checked after this). */
  received(hashHex: string, from: PeerSession): void {
    // A peer that delivered its copy is not asked for it again, whatever the chain makes of it
    // (a branch with too little work is neither kept nor fetched twice).
    if (this.announced.has(hashHex)) this.mark(this.lacking, hashHex, from);
    // Only the asked peer settles a request: a stranger's junk copy must not cancel it.
    if (this.requested.get(hashHex)?.peer !== from) return;
    this.requested.delete(hashHex);
    this.stalls.set(from, Math.max(0, (this.stalls.get(from) ?? 0) - 1));
  }

  notFound(peer: PeerSession, hashes: Uint8Array[]): void {
    for (const h of hashes) {
      const hex = toHex(h);
      if (this.requested.get(hex)?.peer === peer) this.requested.delete(hex);
      this.mark(this.lacking, hex, peer);
    }
    this.schedule();
  }

  peerGone(peer: PeerSession): void {
    for (const [h, r] of this.requested) if (r.peer === peer) this.requested.delete(h);
    for (const a of this.announced.values()) a.by = a.by.filter((p) => p !== peer);
    this.announcedBy.delete(peer);
    this.schedule();
  }

  /** Re-requests blocks a peer has sat on for too long, from another peer if one has them. */
  tick(): void {
    const now = this.timers.now();
    let stalled = false;
    for (const [h, r] of this.requested) {
      if (this.chain.index.get(h)?.hasData) this.requested.delete(h);
      else if (now - r.at > BLOCK_TIMEOUT_MS) {
        this.requested.delete(h);
        this.mark(this.timedOut, h, r.peer);
        this.stalls.set(r.peer, (this.stalls.get(r.peer) ?? 0) + 1);
        stalled = true;
      }
    }
    if (stalled || this.progress().syncing) this.schedule();
  }

  /** The hashes requested right now (for tests and the UI). */
  inFlight(): Uint8Array[] {
    return [...this.requested.keys()].map(fromHex);
  }
}
