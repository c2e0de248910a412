// Headers-first sync and block download. Headers come from any peer with more work; missing
// blocks of the best header chain are fetched in parallel from several peers, at most
// MAX_IN_FLIGHT_PER_PEER each, re-requested elsewhere after a timeout.
import { toHex, fromHex } from '../../core/encoding/bytes';
import { VerifyError } from '../../core/protocol/verify-error';
import { INV_BLOCK, MAX_HEADERS, type Message } from '../../core/p2p/messages';
import { isBetter } from '../../core/chain/activate';
import { headerHash } from '../../core/primitives/header';
import type { IndexEntry } from '../../core/chain/header-index';
import type { Chain } from '../../core/chain/chain';
import type { Timers } from '../../core/util/timers';
import type { PeerSession } from './peer';

export const MAX_IN_FLIGHT_PER_PEER = 16;
export const BLOCK_TIMEOUT_MS = 10_000;
export const DOWNLOAD_WINDOW = 1_024;
/** Headers a peer may give us that do not lead to more work than our tip. */
export const LOW_WORK_HEADER_BUDGET = 4_000;

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
  private readonly lowWorkHeaders = new WeakMap<PeerSession, number>();

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
    if (isBetter(this.chain.tip, this.bestHeader) || this.bestHeader.invalid) this.bestHeader = this.chain.tip;
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

  async onHeaders(peer: PeerSession, headers: Extract<Message, { type: 'headers' }>['headers']): Promise<void> {
    let last: IndexEntry | null = null;
    for (const header of headers) {
      try {
        last = await this.chain.acceptHeader(header);
      } catch (error) {
        if (!(error instanceof VerifyError)) throw error;
        if (error.score > 0) {
          this.onRejected(toHex(headerHash(header)), error, peer);
          return peer.misbehaveRule('invalid-header', error);
        }
        // Does not connect to what we know: ask again from our best header.
        if (last === null) return this.requestHeaders(peer, this.chain.tip);
        break;
      }
      if (isBetter(last, this.bestHeader)) this.bestHeader = last;
    }
    if (last) {
      if (peer.bestWork < last.work) peer.bestWork = last.work;
      if (peer.bestHeight < last.height) peer.bestHeight = last.height;
      if (last.work <= this.chain.tip.work) {
        const spent = (this.lowWorkHeaders.get(peer) ?? 0) + headers.length;
        this.lowWorkHeaders.set(peer, spent);
        if (spent > LOW_WORK_HEADER_BUDGET) return peer.misbehave('flood-low-work-headers', `over ${LOW_WORK_HEADER_BUDGET} headers without more work than our tip`);
      }
      if (headers.length === MAX_HEADERS) this.requestHeaders(peer, last);
    }
    this.schedule();
  }

  /** Blocks we lack on the way to the best header, oldest first. */
  private missing(): IndexEntry[] {
    this.progress();
    const path: IndexEntry[] = [];
    let e: IndexEntry | null = this.bestHeader;
    while (e && !this.chain.isActive(e)) {
      if (!e.hasData) path.push(e);
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
