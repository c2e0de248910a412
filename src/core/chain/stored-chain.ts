// What the chain writes to and reads from its store: the genesis block for an empty store, the
// stored best chain checked against the header index on opening, and the batch of each connected
// or disconnected block.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { fromHex, toHex } from '../encoding/bytes';
import { encodeBlock } from '../primitives/block';
import type { NetworkParams } from '../protocol/networks';
import type { BlockEffects } from '../consensus/connect';
import { encodeUndo, isEmptyAccount, type UndoEntry } from '../state/account';
import { HeaderIndex, type IndexEntry } from './header-index';
import type { ChainBatch, ChainStore, LoadedChain } from './store';

/** What a chain opens on: its header index, its active chain, and the account state at its tip. */
export interface StartingPoint {
  index: HeaderIndex;
  active: IndexEntry[];
  accounts: LoadedChain['accounts'];
}

/** Writes the genesis block into an empty store: its entry, body, empty undo data and the tip. */
export async function writeGenesis(params: NetworkParams, store: ChainStore): Promise<StartingPoint> {
  const index = new HeaderIndex();
  const genesis = index.add(params.genesisHash, params.genesis.header, null);
  genesis.hasData = true;
  await store.write({
    entries: [index.toStored(genesis)],
    blocks: [{ hashHex: genesis.hashHex, bytes: encodeBlock(params.genesis) }],
    undo: [{ hashHex: genesis.hashHex, bytes: encodeUndo([]) }],
    bestChain: [{ height: 0, hashHex: genesis.hashHex }],
    tip: genesis.hashHex,
  });
  index.markStored(genesis);
  return { index, active: [genesis], accounts: [] };
}

/** A loaded store checked: the genesis is this network's, each best-chain entry at its height, ending at the stored tip. */
export function readStored(params: NetworkParams, loaded: LoadedChain): StartingPoint {
  const index = HeaderIndex.fromStored(loaded.entries, fromHex);
  const genesis = index.get(toHex(params.genesisHash));
  if (!genesis || genesis.height !== 0) throw new Error('the stored chain belongs to another network');
  const active = loaded.bestChain.map((h, height) => {
    const e = index.get(h);
    if (!e || e.height !== height) throw new Error(`stored best chain is broken at height ${height}`);
    return e;
  });
  if (active[active.length - 1]?.hashHex !== loaded.tip) throw new Error('stored tip does not match the stored best chain');
  // A best-chain block was written with (or before) its connection, so it has data, whatever a
  // header stored earlier without it says (databases from before held-block.ts rewrote it).
  for (const e of active) e.hasData = true;
  return { index, active, accounts: loaded.accounts };
}

/** What connecting entry writes besides the block itself: undo data, the touched accounts (an empty one is deleted), best chain and tip. */
export function connectBatch(entry: IndexEntry, effects: BlockEffects): ChainBatch {
  return {
    undo: [{ hashHex: entry.hashHex, bytes: encodeUndo(effects.undo) }],
    accounts: [...effects.accounts].map(([keyHex, { account }]) => ({ keyHex, account: isEmptyAccount(account) ? null : account })),
    bestChain: [{ height: entry.height, hashHex: entry.hashHex }],
    tip: entry.hashHex,
  };
}

/** What disconnecting entry (the tip) writes: its undo data gone, the accounts as they were before it, the parent as tip. */
export function disconnectBatch(entry: IndexEntry, parent: IndexEntry, undo: UndoEntry[]): ChainBatch {
  return {
    undo: [{ hashHex: entry.hashHex, bytes: null }],
    accounts: undo.map((u) => ({ keyHex: toHex(u.key), account: u.before })),
    bestChain: [{ height: entry.height, hashHex: null }],
    tip: parent.hashHex,
  };
}
