// Read-only queries for the explorer and learn views: plain objects, no live chain structures.
import { toHex } from '../core/encoding/bytes';
import { encodeAddress, decodeAddress } from '../core/primitives/address';
import { hashValue } from '../core/primitives/header';
import { targetFromBits, workFromTarget } from '../core/pow/compact';
import { txid, TX_KIND_COINBASE, type Tx } from '../core/primitives/tx';
import { totalOf, spendableAt } from '../core/state/account';
import type { IndexEntry } from '../core/chain/header-index';
import type { SimpleCoinNode } from './node';
import { encodeBlock } from '../core/primitives/block';

export interface BlockSummary {
  height: number;
  hash: string;
  time: number;
  txCount: number | null;
  bits: number;
  active: boolean;
}

export interface TxView {
  txid: string;
  kind: 'coinbase' | 'transfer';
  from: string | null;
  to: string;
  amount: bigint;
  fee: bigint;
  nonce: number | null;
  memo: string;
  height: number | null;
  blockHash: string | null;
}

export interface BlockView extends BlockSummary {
  /** Blocks on top of it, itself included (0 off the best chain). */
  confirmations: number;
  /** The next block on the best chain, if any. */
  nextHash: string | null;
  sizeBytes: number | null;
  /** Where its reward went (null before the block's data arrived). */
  miner: string | null;
  version: number;
  prevHash: string;
  merkleRoot: string;
  nonce: number;
  target: string;
  hashZeros: number;
  targetZeros: number;
  work: bigint;
  chainWork: bigint;
  valid: boolean;
  txs: TxView[];
}

export interface ForkNode {
  hash: string;
  parent: string | null;
  height: number;
  work: bigint;
  active: boolean;
  invalid: boolean;
}

const hex64 = (v: bigint) => v.toString(16).padStart(64, '0');
const zeros = (h: string) => h.length - h.replace(/^0+/, '').length;
const decoder = new TextDecoder();
const SCAN_LIMIT = 2_000;
/** Transactions per address page. */
export const ADDRESS_PAGE = 25;
/** Blocks searched for a transaction id prefix, and the most choices offered. */
const PREFIX_SCAN = 500;
const MAX_MATCHES = 10;

export interface AddressView {
  address: string;
  balance: bigint;
  spendable: bigint;
  nonce: number;
  /** Over the scanned blocks (confirmed only): paid to it, and paid by it including fees. */
  received: bigint;
  sent: bigint;
  txCount: number;
  page: number;
  pages: number;
  txs: TxView[];
  scanned: number;
}

export interface SearchMatch {
  kind: 'block' | 'tx';
  id: string;
  height: number | null;
  href: string;
}

export interface SearchResult {
  route: string | null;
  /** Several matches: "did you mean". */
  matches: SearchMatch[];
}

/** The target of an indexed header: its bits passed the proof-of-work rule, so none is a bug. */
function indexedTarget(e: IndexEntry): bigint {
  const target = targetFromBits(e.header.bits);
  if (target === null) throw new Error(`indexed block ${e.hashHex} has bits ${e.header.bits} that encode no target`);
  return target;
}

export class Explorer {
  constructor(private readonly node: SimpleCoinNode) {}

  private addr(key: Uint8Array): string {
    return encodeAddress(this.node.params.hrp, key);
  }

  txView(tx: Tx, height: number | null, blockHash: string | null): TxView {
    const coinbase = tx.kind === TX_KIND_COINBASE;
    return {
      txid: toHex(txid(tx)),
      kind: coinbase ? 'coinbase' : 'transfer',
      from: coinbase ? null : this.addr(tx.sender),
      to: this.addr(tx.recipient),
      amount: tx.amount,
      fee: coinbase ? 0n : tx.fee,
      nonce: coinbase ? null : tx.nonce,
      memo: decoder.decode(tx.memo),
      height,
      blockHash,
    };
  }

  latest(count = 15): BlockSummary[] {
    const { chain } = this.node;
    const out: BlockSummary[] = [];
    for (let h = chain.height; h >= 0 && out.length < count; h--) {
      const e = chain.entryAt(h);
      out.push({ height: h, hash: e.hashHex, time: e.header.time, txCount: null, bits: e.header.bits, active: true });
    }
    return out;
  }

  private entryFor(query: string): IndexEntry | undefined {
    const { chain } = this.node;
    if (/^\d{1,10}$/.test(query)) return Number(query) <= chain.height ? chain.entryAt(Number(query)) : undefined;
    return /^[0-9a-f]{64}$/.test(query) ? (chain.entry(query) ?? undefined) : undefined;
  }

  async block(query: string): Promise<BlockView | null> {
    const e = this.entryFor(query.trim().toLowerCase());
    if (!e) return null;
    // A block we hold but cannot read is a broken store: that must surface, not show as empty.
    const block = e.hasData ? await this.node.chain.loadBlock(e) : null;
    const target = indexedTarget(e);
    const hash = hex64(hashValue(e.hash));
    const active = this.node.chain.isActive(e);
    const coinbase = block?.txs[0];
    return {
      confirmations: active ? this.node.chain.height - e.height + 1 : 0,
      nextHash: active ? this.node.chain.hashAt(e.height + 1) : null,
      sizeBytes: block ? encodeBlock(block).length : null,
      miner: coinbase ? this.addr(coinbase.recipient) : null,
      height: e.height,
      hash: e.hashHex,
      time: e.header.time,
      txCount: block?.txs.length ?? null,
      bits: e.header.bits,
      active,
      version: e.header.version,
      prevHash: toHex(e.header.prevHash),
      merkleRoot: toHex(e.header.merkleRoot),
      nonce: e.header.nonce,
      target: hex64(target),
      hashZeros: zeros(hash),
      targetZeros: zeros(hex64(target)),
      work: workFromTarget(target),
      chainWork: e.work,
      valid: !e.invalid,
      txs: (block?.txs ?? []).map((t) => this.txView(t, e.height, e.hashHex)),
    };
  }

  /** A transaction from the mempool or the last SCAN_LIMIT blocks. */
  async tx(id: string): Promise<TxView | null> {
    const { chain, mempool } = this.node;
    const pending = mempool.get(id);
    if (pending) return this.txView(pending.tx, null, null);
    for (let h = chain.height; h >= Math.max(0, chain.height - SCAN_LIMIT); h--) {
      const e = chain.entryAt(h);
      const block = await chain.loadBlock(e);
      const found = block.txs.find((t) => toHex(txid(t)) === id);
      if (found) return this.txView(found, h, e.hashHex);
    }
    return null;
  }

  /**
   * An address: balance, totals received and sent over the scanned blocks (the last SCAN_LIMIT)
   * and the mempool, and one page of its transactions, newest first.
   */
  async address(address: string, page = 1, pageSize = ADDRESS_PAGE): Promise<AddressView | null> {
    let key: Uint8Array;
    try {
      key = decodeAddress(this.node.params.hrp, address);
    } catch {
      return null;
    }
    const keyHex = toHex(key);
    const { chain, mempool } = this.node;
    const account = chain.account(keyHex);
    const all: TxView[] = mempool.entries().filter((e) => e.senderHex === keyHex || toHex(e.tx.recipient) === keyHex).map((e) => this.txView(e.tx, null, null));
    const from = Math.max(1, chain.height - SCAN_LIMIT);
    for (let h = chain.height; h >= from; h--) {
      const e = chain.entryAt(h);
      for (const t of (await chain.loadBlock(e)).txs) {
        if (toHex(t.recipient) === keyHex || (t.kind !== TX_KIND_COINBASE && toHex(t.sender) === keyHex)) all.push(this.txView(t, h, e.hashHex));
      }
    }
    const own = this.addr(key);
    let received = 0n;
    let sent = 0n;
    for (const t of all) {
      if (t.height === null) continue;
      if (t.to === own) received += t.amount;
      if (t.from === own) sent += t.amount + t.fee;
    }
    const pages = Math.max(1, Math.ceil(all.length / pageSize));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    return {
      address: own,
      balance: account ? totalOf(account) : 0n,
      spendable: account ? spendableAt(account, chain.height + 1) : 0n,
      nonce: account?.nonce ?? 0,
      received,
      sent,
      txCount: all.length,
      page: current,
      pages,
      txs: all.slice((current - 1) * pageSize, current * pageSize),
      scanned: chain.height - from + 1,
    };
  }

  /**
   * A search: a height, an address, a full hash, or a prefix of at least 4 hex digits of a block
   * hash or transaction id (the app shows 12 to 16). One match is a route; several are choices.
   */
  async search(query: string): Promise<SearchResult> {
    const q = query.trim();
    const exact = this.route(q);
    if (exact && !/^[0-9a-fA-F]{64}$/.test(q)) return { route: exact, matches: [] };
    const prefix = q.toLowerCase().replace(/…$/, '');
    if (!/^[0-9a-f]{4,64}$/.test(prefix)) return { route: null, matches: [] };
    const matches: SearchMatch[] = [];
    const add = (m: SearchMatch) => {
      if (matches.length < MAX_MATCHES && !matches.some((x) => x.id === m.id)) matches.push(m);
    };
    for (const e of this.node.chain.index.all()) if (e.hashHex.startsWith(prefix)) add({ kind: 'block', id: e.hashHex, height: e.height, href: `#/block/${e.hashHex}` });
    for (const e of this.node.mempool.entries()) if (e.id.startsWith(prefix)) add({ kind: 'tx', id: e.id, height: null, href: `#/tx/${e.id}` });
    const { chain } = this.node;
    for (let h = chain.height; h >= Math.max(0, chain.height - PREFIX_SCAN) && matches.length < MAX_MATCHES; h--) {
      // A reorg between two reads may have lowered the tip below h for a moment.
      if (h > chain.height) continue;
      const block = await chain.loadBlock(chain.entryAt(h)).catch(() => null);
      for (const t of block?.txs ?? []) {
        const id = toHex(txid(t));
        if (id.startsWith(prefix)) add({ kind: 'tx', id, height: h, href: `#/tx/${id}` });
      }
    }
    if (matches.length === 1) return { route: (matches[0] as SearchMatch).href, matches };
    if (matches.length === 0 && exact) return { route: exact, matches: [] };
    return { route: null, matches };
  }

  mempool(): TxView[] {
    return this.node.mempool.entries().map((e) => this.txView(e.tx, null, null));
  }

  /** Where a search box query leads: a route, or null. */
  route(query: string): string | null {
    const q = query.trim();
    if (/^\d{1,10}$/.test(q)) return Number(q) <= this.node.chain.height ? `#/block/${q}` : null;
    if (/^[0-9a-fA-F]{64}$/.test(q)) return this.node.chain.index.get(q.toLowerCase()) ? `#/block/${q.toLowerCase()}` : `#/tx/${q.toLowerCase()}`;
    try {
      decodeAddress(this.node.params.hrp, q);
      return `#/address/${q.toLowerCase()}`;
    } catch {
      return null;
    }
  }

  /** The recent tree: active blocks and the stale branches beside them, above a height. */
  forkTree(depth = 20): ForkNode[] {
    const { chain } = this.node;
    const minHeight = Math.max(0, chain.height - depth);
    const out: ForkNode[] = [];
    for (const e of chain.index.all()) {
      if (e.height < minHeight) continue;
      out.push({ hash: e.hashHex, parent: e.parent?.hashHex ?? null, height: e.height, work: e.work, active: chain.isActive(e), invalid: e.invalid });
    }
    return out.sort((a, b) => a.height - b.height);
  }

  /** Per recent block: seconds since its parent, difficulty (expected hashes), and implied hash rate. */
  series(count = 60): Array<{ height: number; interval: number; work: number; hashRate: number }> {
    const { chain } = this.node;
    const out = [];
    for (let h = Math.max(1, chain.height - count + 1); h <= chain.height; h++) {
      const e = chain.entryAt(h);
      const interval = Math.max(1, e.header.time - (e.parent as IndexEntry).header.time);
      const work = Number(workFromTarget(indexedTarget(e)));
      out.push({ height: h, interval, work, hashRate: work / interval });
    }
    return out;
  }
}
