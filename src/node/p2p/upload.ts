// Serving what peers ask for (getdata, getheaders). A 33-byte request can name a 512 KiB block,
// so what one peer can make us upload is bounded three ways: an upload budget in bytes per second;
// a queue that holds only what an honest downloader can have outstanding (no duplicates, no block
// sent to it moments ago); and the link's send buffer: nothing more is handed to a link until what
// it already holds has drained, so a peer that does not read cannot make us hold copies.
import { toHex } from '../../core/encoding/bytes';
import { INV_BLOCK, MAX_INV, type InvItem, type Message } from '../../core/p2p/messages';
import { encodeTx } from '../../core/primitives/tx';
import type { Block } from '../../core/primitives/block';
import type { BlockHeader } from '../../core/primitives/header';
import type { Timers } from '../../core/util/timers';
import type { Chain } from '../../core/chain/chain';
import type { Mempool } from '../../core/mempool/mempool';
import type { PeerSession } from './peer';
import { TokenBucket } from './budget';
import { BLOCK_TIMEOUT_MS, MAX_IN_FLIGHT_PER_PEER } from './sync';

/** What we upload to one peer: 1 MiB/s, in bursts of 8 MiB (16 full blocks: a downloader's whole in-flight window). */
export const UPLOAD_BYTES_PER_SEC = 1024 * 1024;
export const UPLOAD_BURST_BYTES = 8 * 1024 * 1024;
/** Nothing more goes to a link while it holds this much unsent. */
export const MAX_SEND_BUFFER_BYTES = 1024 * 1024;
/** Distinct blocks one peer may have waiting: four times what our own downloader asks of a peer. */
export const MAX_QUEUED_BLOCKS = 4 * MAX_IN_FLIGHT_PER_PEER;
/** Objects of any kind one peer may have waiting (its transaction requests are capped at 1,000 too). */
export const MAX_QUEUED_ITEMS = 2 * MAX_INV;
/** A block sent to a peer is not sent to it again sooner than its request could have timed out. */
export const RESEND_AFTER_MS = BLOCK_TIMEOUT_MS;
/**
 * A block request still waiting after the requester's own timeout is dropped: the requester has
 * asked someone else by now (or will ask us again, which renews it). Not notfound, which would
 * tell it we lack the block. This keeps a slow link from piling up requests, so an honest
 * downloader stays under MAX_QUEUED_BLOCKS however slowly we serve it.
 */
export const REQUEST_EXPIRY_MS = BLOCK_TIMEOUT_MS;
const DRAIN_POLL_MS = 25;
const isClosed = (peer: PeerSession) => peer.state === 'closed';

export type GetHeaders = Extract<Message, { type: 'getheaders' }>;

export type GetBlockTxn = Extract<Message, { type: 'getblocktxn' }>;

type ItemJob = { kind: 'item'; item: InvItem; hashHex: string; at: number };
type TxnJob = { kind: 'blocktxn'; request: GetBlockTxn; hashHex: string };
type Job = ItemJob | TxnJob | { kind: 'headers' };

interface PeerUploads {
  queue: Job[];
  /** Block requests waiting, by hash. */
  queuedBlocks: Map<string, ItemJob>;
  /** The newest getheaders not yet answered: a newer one replaces it. */
  headers: GetHeaders | null;
  /** Blocks whose getblocktxn waits: at most MAX_QUEUED_BLOCKS, a repeat while one waits is ignored. */
  queuedTxns: Set<string>;
  /** Blocks sent, with when: not sent again within RESEND_AFTER_MS. */
  sent: Map<string, number>;
  notFound: InvItem[];
  bucket: TokenBucket;
  pumping: boolean;
  servedBytes: number;
}

export interface UploadContext {
  chain: Pick<Chain, 'index'>;
  mempool: Pick<Mempool, 'get'>;
  timers: Timers;
  readBlock: (hashHex: string) => Promise<Uint8Array | null>;
  headersFor: (m: GetHeaders) => BlockHeader[];
  /** A block we recently connected, decoded (compact relay keeps a few): getblocktxn is served from it. */
  recentBlock?: (hashHex: string) => Block | null;
}

export class Uploader {
  private readonly peers = new WeakMap<PeerSession, PeerUploads>();

  constructor(private readonly ctx: UploadContext) {}

  /** Bytes of blocks, transactions and headers handed to this peer's link. */
  servedTo(peer: PeerSession): number {
    return this.peers.get(peer)?.servedBytes ?? 0;
  }

  getData(peer: PeerSession, items: InvItem[]): void {
    const names = new Set<string>();
    for (const item of items) {
      const name = `${item.type}:${toHex(item.hash)}`;
      if (names.has(name)) return peer.misbehave('dup-getdata');
      names.add(name);
    }
    const up = this.of(peer);
    const now = this.ctx.timers.now();
    for (const item of items) {
      const hashHex = toHex(item.hash);
      if (item.type === INV_BLOCK) {
        // Already waiting (asking again renews it), or sent so recently that an honest request cannot have timed out.
        const waiting = up.queuedBlocks.get(hashHex);
        if (waiting) waiting.at = now;
        if (waiting || now - (up.sent.get(hashHex) ?? -Infinity) < RESEND_AFTER_MS) continue;
        if (up.queuedBlocks.size >= MAX_QUEUED_BLOCKS) return peer.misbehave('flood-getdata', `more than ${MAX_QUEUED_BLOCKS} blocks requested and not yet served`);
      }
      if (up.queue.length >= MAX_QUEUED_ITEMS) return peer.misbehave('flood-getdata', `more than ${MAX_QUEUED_ITEMS} objects requested and not yet served`);
      const job: ItemJob = { kind: 'item', item, hashHex, at: now };
      if (item.type === INV_BLOCK) up.queuedBlocks.set(hashHex, job);
      up.queue.push(job);
    }
    this.start(peer, up);
  }

  /** Transactions of a block we sent as a cmpctblock (BIP152), in turn with everything else. */
  getBlockTxn(peer: PeerSession, request: GetBlockTxn): void {
    const up = this.of(peer);
    const hashHex = toHex(request.blockHash);
    if (up.queuedTxns.has(hashHex)) return;
    if (up.queuedTxns.size >= MAX_QUEUED_BLOCKS || up.queue.length >= MAX_QUEUED_ITEMS) return peer.misbehave('flood-getdata', `more than ${MAX_QUEUED_BLOCKS} getblocktxn not yet served`);
    up.queuedTxns.add(hashHex);
    up.queue.push({ kind: 'blocktxn', request, hashHex });
    this.start(peer, up);
  }

  /** Headers are answered in turn with everything else, at most one getheaders waiting per peer. */
  getHeaders(peer: PeerSession, m: GetHeaders): void {
    const up = this.of(peer);
    if (!up.headers) up.queue.push({ kind: 'headers' });
    up.headers = m;
    this.start(peer, up);
  }

  private of(peer: PeerSession): PeerUploads {
    let up = this.peers.get(peer);
    if (!up) {
      const bucket = new TokenBucket(UPLOAD_BYTES_PER_SEC, UPLOAD_BURST_BYTES, this.ctx.timers.now());
      up = { queue: [], queuedBlocks: new Map(), queuedTxns: new Set(), headers: null, sent: new Map(), notFound: [], bucket, pumping: false, servedBytes: 0 };
      this.peers.set(peer, up);
    }
    return up;
  }

  private start(peer: PeerSession, up: PeerUploads): void {
    if (up.pumping) return;
    up.pumping = true;
    this.pump(peer, up).catch((error: unknown) => peer.close('failed', `serving failed: ${(error as Error).message}`));
  }

  /** Serves the queue in order, waiting whenever the budget is spent or the link is full. */
  private async pump(peer: PeerSession, up: PeerUploads): Promise<void> {
    try {
      await this.serve(peer, up);
    } finally {
      // Synchronously on the way out, so a request arriving right after is never left unserved.
      up.pumping = false;
    }
  }

  private async serve(peer: PeerSession, up: PeerUploads): Promise<void> {
    for (;;) {
      if (isClosed(peer)) return;
      const job = up.queue[0];
      if (!job) return this.flushNotFound(peer, up);
      const now = this.ctx.timers.now();
      if (job.kind === 'item' && job.item.type === INV_BLOCK && now - job.at > REQUEST_EXPIRY_MS) {
        up.queue.shift();
        up.queuedBlocks.delete(job.hashHex);
        continue;
      }
      const wait = Math.max(up.bucket.waitMs(now), peer.link.bufferedBytes > MAX_SEND_BUFFER_BYTES ? DRAIN_POLL_MS : 0);
      if (wait > 0) {
        this.flushNotFound(peer, up);
        await new Promise<void>((resolve) => this.ctx.timers.setTimeout(resolve, wait));
        continue;
      }
      up.queue.shift();
      const answer = await this.answer(peer, up, job);
      if (!answer || isClosed(peer)) continue;
      up.bucket.take(answer.bytes, this.ctx.timers.now());
      up.servedBytes += answer.bytes;
      peer.send(answer.message);
    }
  }

  private async answer(peer: PeerSession, up: PeerUploads, job: Job): Promise<{ message: Message; bytes: number } | null> {
    if (job.kind === 'headers') {
      const request = up.headers as GetHeaders;
      up.headers = null;
      const headers = this.ctx.headersFor(request);
      return { message: { type: 'headers', headers }, bytes: headers.length * 80 };
    }
    if (job.kind === 'blocktxn') return this.answerTxn(peer, up, job);
    const { item, hashHex } = job;
    if (item.type === INV_BLOCK) {
      const entry = this.ctx.chain.index.get(hashHex);
      const bytes = entry?.hasData && !entry.invalid ? await this.ctx.readBlock(hashHex) : null;
      // Still counted as queued while it is read, so a repeat request meanwhile is not queued again.
      up.queuedBlocks.delete(hashHex);
      if (bytes) {
        this.remember(up, hashHex);
        peer.knownInv.add(hashHex);
        return { message: { type: 'block', bytes }, bytes: bytes.length };
      }
    } else {
      const entry = this.ctx.mempool.get(hashHex);
      if (entry) {
        peer.knownInv.add(hashHex);
        const bytes = encodeTx(entry.tx);
        return { message: { type: 'tx', bytes }, bytes: bytes.length };
      }
    }
    up.notFound.push(item);
    return null;
  }

  /**
   * From a recent block, the asked transactions. A block no longer recent is sent whole (as Bitcoin
   * Core does), which the requester takes as the block it was rebuilding.
   */
  private async answerTxn(peer: PeerSession, up: PeerUploads, job: TxnJob): Promise<{ message: Message; bytes: number } | null> {
    up.queuedTxns.delete(job.hashHex);
    const block = this.ctx.recentBlock?.(job.hashHex);
    if (!block) return this.answer(peer, up, { kind: 'item', item: { type: INV_BLOCK, hash: job.request.blockHash }, hashHex: job.hashHex, at: this.ctx.timers.now() });
    if (job.request.indexes.some((i) => i >= block.txs.length)) {
      peer.misbehave('bad-getblocktxn', `index beyond the ${block.txs.length} transactions of ${job.hashHex}`);
      return null;
    }
    const txs = job.request.indexes.map((i) => block.txs[i]!);
    const bytes = txs.reduce((n, tx) => n + encodeTx(tx).length, 36);
    return { message: { type: 'blocktxn', blockHash: job.request.blockHash, txs }, bytes };
  }

  private remember(up: PeerUploads, hashHex: string): void {
    const now = this.ctx.timers.now();
    up.sent.delete(hashHex);
    up.sent.set(hashHex, now);
    // Oldest first: forget what may be sent again, and never keep more than a few windows' worth.
    for (const [h, at] of up.sent) {
      if (now - at < RESEND_AFTER_MS && up.sent.size <= 2 * MAX_QUEUED_BLOCKS) break;
      up.sent.delete(h);
    }
  }

  private flushNotFound(peer: PeerSession, up: PeerUploads): void {
    while (up.notFound.length > 0) peer.send({ type: 'notfound', items: up.notFound.splice(0, MAX_INV) });
  }
}
