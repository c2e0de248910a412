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
import type { PeerSession } from './peer';

export const MAX_IN_FLIGHT_PER_PEER = 16;
export const BLOCK_TIMEOUT_MS = 10_000;
export const DOWNLOAD_WINDOW = 1_024;
/**
 * Headers a peer may send us per session in short messages that lead to no more work than our tip.
 * Nothing of them is stored (only hashed and summed), so this bounds our CPU, not our memory.
 */
export const LOW_WORK_HEADER_BUDGET = 4_000;
/** Headers messages that do not connect, before each penalty (Bitcoin Core: MAX_NUM_UNCONNECTING_HEADERS_MSGS). */
export const MAX_UNCONNECTING_HEADERS = 10;

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
}

interface Request {
  peer: PeerSession;
  at: number;
}

export class BlockSync {
  bestHeader: IndexEntry;
  private readonly requested = new Map<string, Request>();
  /** Peers that answered notfound for a block: not asked for it again. */
  private readonly lacking = new Map<string, WeakSet<PeerSession>>();
  private turn = 0;
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
    // Blocks are fetched only towards a header with more work than our tip (on a tie, our tip's
    // block was received first and wins).
    if (this.bestHeader.work <= this.chain.tip.work || this.bestHeader.invalid) this.bestHeader = this.chain.tip;
    return { height: this.chain.height, bestHeaderHeight: this.bestHeader.height, inFlight: this.requested.size, syncing: this.bestHeader.height > this.chain.height };
  }

  isRequestedFrom(hashHex: string, peer: PeerSession): boolean {
    return this.requested.get(hashHex)?.peer === peer;
  }

  /** After the handshake: ask a peer with more work for its headers. */
  onReady(peer: PeerSession): void {
    if (peer.bestWork > this.chain.tip.work) this.requestHeaders(peer);
  }

  requestHeaders(peer: PeerSession, from: IndexEntry = this.bestHeader): void {
    peer.send({ type: 'getheaders', locator: this.chain.locator(from), stop: new Uint8Array(32) });
  }

  /** Answers getheaders from our active chain. */
  serveHeaders(peer: PeerSession, m: Extract<Message, { type: 'getheaders' }>): void {
    const fork = this.chain.findFork(m.locator);
    const stopHex = toHex(m.stop);
    const headers = [];
    for (let h = fork.height + 1; h <= this.chain.height && headers.length < MAX_HEADERS; h++) {
      const e = this.chain.active[h] as IndexEntry;
      headers.push(e.header);
      if (e.hashHex === stopHex) break;
    }
    peer.send({ type: 'headers', headers });
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
        if (step.release.length > 0 && !(await this.indexHeaders(peer, step.release))) break;
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
    const path: IndexEntry[] = [];
    let e: IndexEntry | null = this.bestHeader;
    while (e && !this.chain.isActive(e)) {
      if (!e.hasData && !this.chain.isAccepting(e.hashHex)) path.push(e);
      e = e.parent;
    }
    path.reverse();
    return path.slice(0, DOWNLOAD_WINDOW);
  }

  /** Hands missing blocks to peers that can serve them, respecting each one's in-flight cap. */
  schedule(): void {
    const now = this.timers.now();
    const ready = this.peers().filter((p) => p.state === 'ready');
    if (ready.length === 0) return;
    const load = new Map<PeerSession, number>();
    for (const r of this.requested.values()) load.set(r.peer, (load.get(r.peer) ?? 0) + 1);
    const batches = new Map<PeerSession, Uint8Array[]>();
    for (const entry of this.missing()) {
      if (this.requested.has(entry.hashHex)) continue;
      const lacking = this.lacking.get(entry.hashHex);
      const able = ready.filter((p) => p.bestHeight >= entry.height && (load.get(p) ?? 0) < MAX_IN_FLIGHT_PER_PEER && !lacking?.has(p));
      if (able.length === 0) continue;
      const peer = able[this.turn++ % able.length] as PeerSession;
      load.set(peer, (load.get(peer) ?? 0) + 1);
      this.requested.set(entry.hashHex, { peer, at: now });
      const list = batches.get(peer) ?? [];
      list.push(entry.hash);
      batches.set(peer, list);
    }
    for (const [peer, hashes] of batches) peer.send({ type: 'getdata', items: hashes.map((hash) => ({ type: INV_BLOCK, hash })) });
    this.onProgress(this.progress());
  }

  /** Asks for one announced block from the announcer. */
  fetchAnnounced(peer: PeerSession, hash: Uint8Array): void {
    const hashHex = toHex(hash);
    if (this.requested.has(hashHex) || this.chain.index.get(hashHex)?.hasData || this.chain.orphans.has(hashHex)) return;
    // Announcements of blocks nobody else has seen cannot grow our request table past the cap.
    let inFlight = 0;
    for (const r of this.requested.values()) if (r.peer === peer) inFlight++;
    if (inFlight >= MAX_IN_FLIGHT_PER_PEER) return;
    this.requested.set(hashHex, { peer, at: this.timers.now() });
    peer.send({ type: 'getdata', items: [{ type: INV_BLOCK, hash }] });
  }

  received(hashHex: string): void {
    this.requested.delete(hashHex);
    this.lacking.delete(hashHex);
  }

  notFound(peer: PeerSession, hashes: Uint8Array[]): void {
    for (const h of hashes) {
      const hex = toHex(h);
      if (this.requested.get(hex)?.peer === peer) this.requested.delete(hex);
      let set = this.lacking.get(hex);
      if (!set) this.lacking.set(hex, (set = new WeakSet()));
      set.add(peer);
      if (this.lacking.size > 10_000) this.lacking.delete(this.lacking.keys().next().value as string);
    }
    this.schedule();
  }

  peerGone(peer: PeerSession): void {
    for (const [h, r] of this.requested) if (r.peer === peer) this.requested.delete(h);
    this.schedule();
  }

  /** Re-requests blocks a peer has sat on for too long. */
  tick(): void {
    const now = this.timers.now();
    let stalled = false;
    for (const [h, r] of this.requested) {
      if (now - r.at > BLOCK_TIMEOUT_MS) {
        this.requested.delete(h);
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
