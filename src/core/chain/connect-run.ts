// Connecting a run of consecutive blocks in one write (initial block download): each block's
// effects are computed against the state the blocks before it in the run left, in memory only;
// then the whole run is one atomic batch (blocks, undo data, state, best chain, the last block's
// tip). The chain's own memory follows only once that batch has landed.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { connectBlockEffects } from '../consensus/connect';
import type { CheckedBlock } from '../consensus/block-rules';
import type { NetworkParams } from '../protocol/networks';
import type { Account } from '../state/account';
import type { IndexEntry } from './header-index';
import { connectBatch } from './stored-chain';
import type { ChainBatch } from './store';

/** At most this many blocks go into one transaction: a lost batch is re-downloaded, and a batch's bytes stay bounded. */
export const CONNECT_BATCH = 256;

/** One block of a planned run: the block, and what connecting it writes besides its bytes. */
export interface PlannedConnect {
  entry: IndexEntry;
  block: CheckedBlock;
  part: ChainBatch;
}

/** A planned run: the blocks that connect, and the rule the next one broke (it and the rest were not connected). */
export interface RunPlan {
  connects: PlannedConnect[];
  failure: { entry: IndexEntry; error: VerifyError } | null;
}

/** Plans path (consecutive, path[0] a child of the tip) against accounts, without changing them. */
export async function planRun(path: IndexEntry[], accounts: ReadonlyMap<string, Account>, params: NetworkParams, loadChecked: (entry: IndexEntry) => Promise<CheckedBlock>): Promise<RunPlan> {
  // The state as the run so far leaves it: null is an account the run emptied.
  const view = new Map<string, Account | null>();
  const read = (keyHex: string): Account | null => (view.has(keyHex) ? (view.get(keyHex) ?? null) : (accounts.get(keyHex) ?? null));
  const connects: PlannedConnect[] = [];
  for (const entry of path) {
    try {
      const block = await loadChecked(entry);
      const part = connectBatch(entry, connectBlockEffects(block, entry.height, read, params));
      for (const a of part.accounts ?? []) view.set(a.keyHex, a.account);
      connects.push({ entry, block, part });
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      return { connects, failure: { entry, error } };
    }
  }
  return { connects, failure: null };
}

/** The run's parts as one batch; an account touched twice is written once, as the run leaves it. */
export function mergeRun(connects: PlannedConnect[], stored: Pick<ChainBatch, 'entries' | 'blocks'>): ChainBatch {
  const accounts = new Map<string, Account | null>();
  const undo: NonNullable<ChainBatch['undo']> = [];
  const bestChain: NonNullable<ChainBatch['bestChain']> = [];
  for (const { part } of connects) {
    for (const a of part.accounts ?? []) {
      accounts.delete(a.keyHex);
      accounts.set(a.keyHex, a.account);
    }
    undo.push(...(part.undo ?? []));
    bestChain.push(...(part.bestChain ?? []));
  }
  const last = connects[connects.length - 1] as PlannedConnect;
  return { ...stored, undo, accounts: [...accounts].map(([keyHex, account]) => ({ keyHex, account })), bestChain, tip: last.entry.hashHex };
}
