// Applying a block to account state: the rules that need the state (nonces, balances, maturity)
// and the coinbase's height and amount. Pure: reads through `lookup`, returns the new states and
// the undo data, and changes nothing itself.
// Reading path: stop 5, state (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { MAX_MONEY } from '../protocol/consensus';
import { toHex } from '../encoding/bytes';
import { blockSubsidy, type NetworkParams } from '../protocol/networks';
import { emptyAccount, matureAt, spendableAt, totalOf, type Account, type UndoEntry } from '../state/account';
import type { Tx } from '../primitives/tx';
import type { CheckedBlock } from './block-rules';
import { isTransfer } from './tx-rules';

export type AccountLookup = (keyHex: string) => Account | null;

export interface BlockEffects {
  /** New state of every touched account, by key hex. */
  accounts: Map<string, { key: Uint8Array; account: Account }>;
  undo: UndoEntry[];
  fees: bigint;
}

/** A working view over the state: reads fall through to lookup, writes stay here. */
export class StateView {
  readonly touched = new Map<string, { key: Uint8Array; account: Account; before: Account | null }>();

  constructor(private readonly lookup: AccountLookup) {}

  get(key: Uint8Array, keyHex = toHex(key)): Account {
    const t = this.touched.get(keyHex);
    if (t) return t.account;
    const stored = this.lookup(keyHex);
    const before = stored ? { ...stored, locked: [...stored.locked] } : null;
    const entry = { key, account: before ? { ...before, locked: [...before.locked] } : emptyAccount(), before };
    this.touched.set(keyHex, entry);
    return entry.account;
  }

  set(key: Uint8Array, account: Account, keyHex = toHex(key)): void {
    this.get(key, keyHex);
    (this.touched.get(keyHex) as { account: Account }).account = account;
  }
}

/**
 * Applies one transfer at `height` to the view, enforcing nonce, balance and maturity.
 * Used for blocks and, on a view over the tip, for mempool admission.
 */
export function applyTransfer(view: StateView, tx: Tx, height: number): void {
  if (!isTransfer(tx)) throw new VerifyError('bad-cb-multiple', 'coinbase outside first place');
  const sender = view.get(tx.sender);
  if (tx.nonce !== sender.nonce) {
    const what = tx.nonce < sender.nonce ? 'reused' : 'skips ahead';
    throw new VerifyError('tx-bad-nonce', `nonce ${tx.nonce} ${what}; next is ${sender.nonce}`);
  }
  const cost = tx.amount + tx.fee;
  if (spendableAt(sender, height) < cost) {
    if (totalOf(sender) >= cost) throw new VerifyError('tx-immature-coinbase', `needs coinbase rewards not spendable at height ${height}`);
    throw new VerifyError('tx-insufficient-funds', `balance ${spendableAt(sender, height)} < ${cost}`);
  }
  const matured = matureAt(sender, height);
  view.set(tx.sender, { balance: matured.balance - cost, nonce: sender.nonce + 1, locked: matured.locked });
  const recipient = view.get(tx.recipient);
  view.set(tx.recipient, { ...recipient, balance: recipient.balance + tx.amount });
}

/** The state rules of a block whose shape checkBlockSanity (block-rules.ts) proved. */
export function connectBlockEffects(block: CheckedBlock, height: number, lookup: AccountLookup, params: NetworkParams): BlockEffects {
  const [coinbase, ...transfers] = block.txs;
  if (coinbase.height !== height) throw new VerifyError('bad-cb-height', `coinbase commits to height ${coinbase.height}, block is at ${height}`);
  const view = new StateView(lookup);
  let fees = 0n;
  for (const tx of transfers) {
    applyTransfer(view, tx, height);
    fees += tx.fee;
  }
  const allowed = blockSubsidy(params, height) + fees;
  if (coinbase.amount > allowed) throw new VerifyError('bad-cb-amount', `coinbase pays ${coinbase.amount}, at most ${allowed}`);
  if (coinbase.amount > 0n) {
    const miner = matureAt(view.get(coinbase.recipient), height);
    const locked = [...miner.locked, { unlockHeight: height + params.coinbaseMaturity, amount: coinbase.amount }];
    if (totalOf(miner) + coinbase.amount > MAX_MONEY) throw new VerifyError('bad-cb-amount', 'balance would exceed the supply cap');
    view.set(coinbase.recipient, { ...miner, locked });
  }
  const accounts = new Map<string, { key: Uint8Array; account: Account }>();
  const undo: UndoEntry[] = [];
  for (const [hex, t] of view.touched) {
    accounts.set(hex, { key: t.key, account: t.account });
    undo.push({ key: t.key, before: t.before });
  }
  return { accounts, undo, fees };
}
