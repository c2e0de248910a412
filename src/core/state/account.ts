// Account state: a balance, the next nonce, and coinbase rewards that have not yet matured.
// Immature rewards fold into the balance when the account is next touched at or after their
// unlock height, so an account holds at most coinbaseMaturity + 1 of them.
// Reading path: stop 5, state (src/core/READING.md).
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';

export interface LockedReward {
  unlockHeight: number;
  amount: bigint;
}

export interface Account {
  balance: bigint;
  nonce: number;
  locked: LockedReward[];
}

export const MAX_LOCKED_ENTRIES = 10_000;

export const emptyAccount = (): Account => ({ balance: 0n, nonce: 0, locked: [] });

export const isEmptyAccount = (a: Account): boolean => a.balance === 0n && a.nonce === 0 && a.locked.length === 0;

/** Balance spendable in a block at `height`: the balance plus rewards unlocked by then. */
export function spendableAt(a: Account, height: number): bigint {
  let total = a.balance;
  for (const l of a.locked) if (l.unlockHeight <= height) total += l.amount;
  return total;
}

/** Everything the account holds, mature or not. */
export function totalOf(a: Account): bigint {
  return a.locked.reduce((n, l) => n + l.amount, a.balance);
}

/** A copy with every reward unlocked by `height` moved into the balance. */
export function matureAt(a: Account, height: number): Account {
  const keep: LockedReward[] = [];
  let balance = a.balance;
  for (const l of a.locked) {
    if (l.unlockHeight <= height) balance += l.amount;
    else keep.push(l);
  }
  return { balance, nonce: a.nonce, locked: keep };
}

export function writeAccount(w: Writer, a: Account): void {
  w.u64(a.balance).u32(a.nonce).u32(a.locked.length);
  for (const l of a.locked) w.u32(l.unlockHeight).u64(l.amount);
}

export function readAccount(r: Reader): Account {
  const balance = r.u64();
  const nonce = r.u32();
  const n = r.count(MAX_LOCKED_ENTRIES, 12);
  const locked: LockedReward[] = [];
  for (let i = 0; i < n; i++) locked.push({ unlockHeight: r.u32(), amount: r.u64() });
  return { balance, nonce, locked };
}

export function encodeAccount(a: Account): Uint8Array {
  const w = new Writer(16 + a.locked.length * 12);
  writeAccount(w, a);
  return w.finish();
}

export const decodeAccount = (bytes: Uint8Array): Account => decodeAll(bytes, readAccount);

/**
 * Undo data of one block: the state of every account it touched, as it was before the block
 * (null: the account did not exist).
 */
export type UndoEntry = { key: Uint8Array; before: Account | null };

export function encodeUndo(entries: UndoEntry[]): Uint8Array {
  const w = new Writer(64 * entries.length + 4);
  w.u32(entries.length);
  for (const e of entries) {
    w.fixed(e.key, 32);
    if (e.before === null) w.u8(0);
    else {
      w.u8(1);
      writeAccount(w, e.before);
    }
  }
  return w.finish();
}

export function decodeUndo(bytes: Uint8Array): UndoEntry[] {
  return decodeAll(bytes, (r) => {
    const n = r.count(1_000_000, 33);
    const out: UndoEntry[] = [];
    for (let i = 0; i < n; i++) {
      const key = r.fixed(32);
      const flag = r.u8();
      if (flag > 1) throw new CodecError('bad undo flag');
      out.push({ key, before: flag === 1 ? readAccount(r) : null });
    }
    return out;
  });
}
