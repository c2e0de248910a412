// A naive reference mempool for the history properties: one flat list of transfers, and after
// every change "sort everything, revalidate everything" from the tip state. Same policy as
// src/core/mempool (relay fee rate, per-sender limit, size cap evicting the lowest fee-rate tail
// with ties to the larger txid, a newcomer beating each evicted tail by the relay fee rate,
// replacements paying for all they evict), written without any of
// its incremental bookkeeping, so a missed recheck there shows up as a difference here.
import { toHex } from '../../../../src/core/encoding/bytes';
import { encodeTx, txid, type Tx, type TransferTx } from '../../../../src/core/primitives/tx';
import { isTransfer, checkTransferSanity } from '../../../../src/core/consensus/tx-rules';
import { applyTransfer, StateView } from '../../../../src/core/consensus/connect';
import { VerifyError } from '../../../../src/core/protocol/verify-error';
import type { Chain } from '../../../../src/core/chain/chain';
import type { Block } from '../../../../src/core/primitives/block';

interface Item {
  tx: TransferTx;
  id: string;
  size: number;
  sender: string;
}

const item = (tx: TransferTx): Item => ({ tx, id: toHex(txid(tx)), size: encodeTx(tx).length, sender: toHex(tx.sender) });
/** a pays less per byte than b. */
const cheaper = (a: Item, b: Item) => a.tx.fee * BigInt(b.size) < b.tx.fee * BigInt(a.size);
/** Which of two tails a full pool drops first. */
const dropsFirst = (a: Item, b: Item) => cheaper(a, b) || (!cheaper(b, a) && a.id > b.id);

export class ReferencePool {
  items: Item[] = [];

  constructor(
    private readonly chain: Chain,
    private readonly o: { minFeeRate: bigint; maxBytes: number; maxPerSender: number },
  ) {
    chain.events.on('connect', ({ block }) => this.connected(block));
    chain.events.on('disconnect', ({ block }) => this.disconnected(block));
  }

  ids(): string[] {
    return this.items.map((i) => i.id).sort();
  }

  private bytes(items = this.items): number {
    return items.reduce((n, i) => n + i.size, 0);
  }

  /** Each sender's transfers by nonce. */
  private chains(items = this.items): Map<string, Item[]> {
    const m = new Map<string, Item[]>();
    for (const i of [...items].sort((a, b) => a.tx.nonce - b.tx.nonce)) m.set(i.sender, [...(m.get(i.sender) ?? []), i]);
    return m;
  }

  /** How many of list pay in order on the tip. */
  private payable(list: Item[]): number {
    const view = new StateView((k) => this.chain.account(k));
    for (const [n, i] of list.entries()) {
      try {
        applyTransfer(view, i.tx, this.chain.height + 1);
      } catch {
        return n;
      }
    }
    return list.length;
  }

  /** Tails to drop until `need` bytes fit, never from `keep`; each must pay less than `entry` by the relay fee rate if given. */
  private evictions(items: Item[], need: number, keep: string | null, entry: Item | null): Item[] | null {
    let left = [...items];
    const out: Item[] = [];
    while (this.bytes(left) + need > this.o.maxBytes) {
      const tails = [...this.chains(left)].filter(([s]) => s !== keep).map(([, l]) => l[l.length - 1] as Item);
      const worst = tails.reduce<Item | null>((w, t) => (!w || dropsFirst(t, w) ? t : w), null);
      if (!worst || (entry && entry.tx.fee * BigInt(worst.size) < (worst.tx.fee + this.o.minFeeRate * BigInt(worst.size)) * BigInt(entry.size))) return null;
      out.push(worst);
      left = left.filter((i) => i !== worst);
    }
    return out;
  }

  /** The same answer as Mempool.add: the rule ID that refuses tx, or null if admitted. */
  add(tx: Tx): string | null {
    if (!isTransfer(tx)) return 'mempool-coinbase';
    const e = item(tx);
    if (this.items.some((i) => i.id === e.id)) return 'mempool-duplicate';
    try {
      checkTransferSanity(tx, e.id, this.chain.params, this.chain.sigCache);
    } catch (error) {
      return (error as VerifyError).code;
    }
    if (tx.fee < this.o.minFeeRate * BigInt(e.size)) return 'mempool-fee-too-low';
    const mine = this.chains().get(e.sender) ?? [];
    const slot = tx.nonce - (this.chain.account(e.sender)?.nonce ?? 0);
    if (slot < 0 || slot > mine.length) return 'tx-bad-nonce';
    const replaced = mine[slot];
    if (!replaced && mine.length >= this.o.maxPerSender) return 'mempool-chain-too-long';
    const head = [...mine.slice(0, slot), e];
    const view = new StateView((k) => this.chain.account(k));
    try {
      for (const i of head) applyTransfer(view, i.tx, this.chain.height + 1);
    } catch (error) {
      return (error as VerifyError).code;
    }
    const later = mine.slice(slot + 1);
    const keepLater = this.payable([...head, ...later]) - head.length;
    const gone = [...(replaced ? [replaced] : []), ...later.slice(keepLater)];
    if (replaced) {
      const fees = gone.reduce((n, i) => n + i.tx.fee, 0n);
      if (!cheaper(replaced, e) || tx.fee < fees + this.o.minFeeRate * BigInt(e.size)) return 'mempool-rbf-fee-too-low';
    }
    const rest = this.items.filter((i) => !gone.includes(i));
    const evicted = this.evictions(rest, e.size, e.sender, e);
    if (!evicted) return 'mempool-full';
    this.items = [...rest.filter((i) => !evicted.includes(i)), e];
    return null;
  }

  /** Sort everything, revalidate everything, then trim to the cap. */
  private revalidate(front: Item[] = []): void {
    const kept: Item[] = [];
    for (const [sender, list] of this.chains([...front, ...this.items])) {
      const base = this.chain.account(sender)?.nonce ?? 0;
      const live = list.filter((i) => i.tx.nonce >= base);
      kept.push(...live.slice(0, Math.min(this.payable(live), this.o.maxPerSender)));
    }
    this.items = kept;
    const evicted = this.evictions(kept, 0, null, null) ?? [];
    this.items = kept.filter((i) => !evicted.includes(i));
  }

  private connected(block: Block): void {
    const ids = new Set(block.txs.map((t) => toHex(txid(t))));
    this.items = this.items.filter((i) => !ids.has(i.id));
    this.revalidate();
  }

  private disconnected(block: Block): void {
    const front = block.txs.filter(isTransfer).map(item).filter((i) => i.tx.fee >= this.o.minFeeRate * BigInt(i.size));
    this.revalidate(front);
  }
}
