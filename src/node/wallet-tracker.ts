// The wallet's view of the chain: every transaction that pays or spends a watched account, with
// its status (pending, confirmed with N confirmations, replaced, dropped), following blocks,
// reorgs and the mempool as they happen.
import { Emitter } from '../core/util/emitter';
import { toHex } from '../core/encoding/bytes';
import { txid, TX_KIND_COINBASE, type Tx } from '../core/primitives/tx';
import { spendableAt, totalOf } from '../core/state/account';
import type { Block } from '../core/primitives/block';
import type { SimpleCoinNode } from './node';

export type HistoryStatus = 'pending' | 'confirmed' | 'replaced' | 'dropped';

export interface HistoryEntry {
  txid: string;
  direction: 'in' | 'out' | 'self' | 'mined';
  amount: bigint;
  fee: bigint;
  counterparty: string;
  nonce: number | null;
  height: number | null;
  status: HistoryStatus;
  memo: string;
  tx: Tx;
}

export interface WalletBalances {
  /** Everything the confirmed chain gives the account, mature or not. */
  confirmed: bigint;
  /** What it can spend in the next block. */
  spendable: bigint;
  /** Confirmed, plus pending incoming, minus pending outgoing (amount and fee). */
  pending: bigint;
  nonce: number;
}

const decoder = new TextDecoder();

export class WalletTracker {
  readonly events = new Emitter<{ change: void }>();
  private readonly entries = new Map<string, HistoryEntry>();
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly node: SimpleCoinNode,
    readonly keyHex: string,
  ) {
    node.chain.events.on('connect', ({ entry, block }) => this.onBlock(block, entry.height, true));
    node.chain.events.on('disconnect', ({ block }) => this.onBlock(block, null, false));
    node.mempool.events.on('added', (e) => {
      if (this.note(e.tx, null, 'pending')) this.changed();
    });
    node.mempool.events.on('removed', ({ entry, reason }) => {
      const h = this.entries.get(entry.id);
      if (!h || reason === 'confirmed' || h.status === 'confirmed') return;
      h.status = reason === 'replaced' ? 'replaced' : 'dropped';
      this.changed();
    });
    for (const e of node.mempool.entries()) this.note(e.tx, null, 'pending');
  }

  /** Reads the active chain once for this account's past transactions. */
  rescan(): Promise<void> {
    this.scanning ??= (async () => {
      const { chain } = this.node;
      for (let h = 1; h <= chain.height; h++) {
        const entry = chain.active[h];
        if (!entry) break;
        const block = await chain.loadBlock(entry);
        if (chain.active[h] === entry) this.onBlock(block, h, true, false);
      }
      this.changed();
    })();
    return this.scanning;
  }

  history(): Array<HistoryEntry & { confirmations: number }> {
    const tip = this.node.chain.height;
    return [...this.entries.values()]
      .map((e) => ({ ...e, confirmations: e.height === null || e.status !== 'confirmed' ? 0 : tip - e.height + 1 }))
      .sort((a, b) => (b.height ?? Infinity) - (a.height ?? Infinity));
  }

  balances(): WalletBalances {
    const { chain, mempool } = this.node;
    const account = chain.account(this.keyHex);
    const confirmed = account ? totalOf(account) : 0n;
    let pending = confirmed;
    let outgoing = 0n;
    for (const e of mempool.entries()) {
      if (e.senderHex === this.keyHex) {
        pending -= e.tx.amount + e.tx.fee;
        outgoing += e.tx.amount + e.tx.fee;
      }
      if (toHex(e.tx.recipient) === this.keyHex) pending += e.tx.amount;
    }
    const spendable = (account ? spendableAt(account, chain.height + 1) : 0n) - outgoing;
    return { confirmed, spendable: spendable > 0n ? spendable : 0n, pending, nonce: mempool.nextNonce(this.keyHex) };
  }

  get(id: string): HistoryEntry | undefined {
    return this.entries.get(id);
  }

  private onBlock(block: Block, height: number | null, connected: boolean, notify = true): void {
    let touched = false;
    for (const tx of block.txs) {
      const id = toHex(txid(tx));
      if (connected) touched = this.note(tx, height, 'confirmed', id) || touched;
      else {
        const h = this.entries.get(id);
        if (!h) continue;
        // Leaving the chain: back to pending if the mempool took it again, else dropped.
        h.height = null;
        h.status = this.node.mempool.has(id) ? 'pending' : 'dropped';
        touched = true;
      }
    }
    if (touched && notify) this.changed();
  }

  /** Records tx if it concerns the account. */
  private note(tx: Tx, height: number | null, status: HistoryStatus, id = toHex(txid(tx))): boolean {
    const to = toHex(tx.recipient);
    const from = tx.kind === TX_KIND_COINBASE ? null : toHex(tx.sender);
    if (to !== this.keyHex && from !== this.keyHex) return false;
    if (tx.kind === TX_KIND_COINBASE && tx.amount === 0n) return false;
    const direction = tx.kind === TX_KIND_COINBASE ? 'mined' : from === to ? 'self' : from === this.keyHex ? 'out' : 'in';
    const existing = this.entries.get(id);
    if (existing && status === 'pending' && existing.status === 'confirmed') return false;
    this.entries.set(id, {
      txid: id,
      direction,
      amount: tx.amount,
      fee: tx.kind === TX_KIND_COINBASE ? 0n : tx.fee,
      counterparty: direction === 'out' ? to : (from ?? ''),
      nonce: tx.kind === TX_KIND_COINBASE ? null : tx.nonce,
      height,
      status,
      memo: decoder.decode(tx.memo),
      tx,
    });
    return true;
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }
}
