// Read-only queries for the explorer and learn views: plain objects, no live chain structures.
import { toHex } from '../core/encoding/bytes';
import { encodeAddress, decodeAddress } from '../core/primitives/address';
import { hashValue } from '../core/primitives/header';
import { targetFromBits, workFromTarget } from '../core/pow/compact';
import { txid, TX_KIND_COINBASE, type Tx } from '../core/primitives/tx';
import { totalOf, spendableAt } from '../core/state/account';
import type { IndexEntry } from '../core/chain/header-index';
import type { SimpleCoinNode } from './node';

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
      const e = chain.active[h] as IndexEntry;
      out.push({ height: h, hash: e.hashHex, time: e.header.time, txCount: null, bits: e.header.bits, active: true });
    }
    return out;
  }

  private entryFor(query: string): IndexEntry | undefined {
    const { chain } = this.node;
    if (/^\d{1,10}$/.test(query)) return chain.active[Number(query)];
    return /^[0-9a-f]{64}$/.test(query) ? chain.index.get(query) : undefined;
  }

  async block(query: string): Promise<BlockView | null> {
    const e = this.entryFor(query.trim().toLowerCase());
    if (!e) return null;
    // A block we hold but cannot read is a broken store: that must surface, not show as empty.
    const block = e.hasData ? await this.node.chain.loadBlock(e) : null;
    const target = targetFromBits(e.header.bits) ?? 0n;
    const hash = hex64(hashValue(e.hash));
    return {
      height: e.height,
      hash: e.hashHex,
      time: e.header.time,
      txCount: block?.txs.length ?? null,
      bits: e.header.bits,
      active: this.node.chain.isActive(e),
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
      const e = chain.active[h] as IndexEntry;
      const block = await chain.loadBlock(e);
      const found = block.txs.find((t) => toHex(txid(t)) === id);
      if (found) return this.txView(found, h, e.hashHex);
    }
    return null;
  }

  async address(address: string): Promise<{ address: string; balance: bigint; spendable: bigint; nonce: number; txs: TxView[]; scanned: number } | null> {
    let key: Uint8Array;
    try {
      key = decodeAddress(this.node.params.hrp, address);
    } catch {
      return null;
    }
    const keyHex = toHex(key);
    const { chain, mempool } = this.node;
    const account = chain.account(keyHex);
    const txs: TxView[] = mempool.entries().filter((e) => e.senderHex === keyHex || toHex(e.tx.recipient) === keyHex).map((e) => this.txView(e.tx, null, null));
    const from = Math.max(1, chain.height - SCAN_LIMIT);
    for (let h = chain.height; h >= from && txs.length < 200; h--) {
      const e = chain.active[h] as IndexEntry;
      for (const t of (await chain.loadBlock(e)).txs) {
        if (toHex(t.recipient) === keyHex || (t.kind !== TX_KIND_COINBASE && toHex(t.sender) === keyHex)) txs.push(this.txView(t, h, e.hashHex));
      }
    }
    return { address: this.addr(key), balance: account ? totalOf(account) : 0n, spendable: account ? spendableAt(account, chain.height + 1) : 0n, nonce: account?.nonce ?? 0, txs, scanned: chain.height - from + 1 };
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
      const e = chain.active[h] as IndexEntry;
      const interval = Math.max(1, e.header.time - (e.parent as IndexEntry).header.time);
      const work = Number(workFromTarget(targetFromBits(e.header.bits) ?? 1n));
      out.push({ height: h, interval, work, hashRate: work / interval });
    }
    return out;
  }
}
