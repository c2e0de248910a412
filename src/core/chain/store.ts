// The persistence seam of the chain. Core defines it; src/storage implements it with IndexedDB.
// write() is atomic: all of a batch lands, or none of it.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { Account } from '../state/account';

/** A header index entry as stored. */
export interface StoredEntry {
  hashHex: string;
  header: Uint8Array;
  height: number;
  /** Cumulative work up to and including this block. */
  work: bigint;
  hasData: boolean;
  invalid: boolean;
  /** Arrival order: on equal work, the first seen wins. */
  seq: number;
}

export interface ChainBatch {
  entries?: StoredEntry[];
  blocks?: Array<{ hashHex: string; bytes: Uint8Array }>;
  undo?: Array<{ hashHex: string; bytes: Uint8Array | null }>;
  accounts?: Array<{ keyHex: string; account: Account | null }>;
  bestChain?: Array<{ height: number; hashHex: string | null }>;
  tip?: string;
}

export interface LoadedChain {
  entries: StoredEntry[];
  tip: string;
  accounts: Array<{ keyHex: string; account: Account }>;
  bestChain: string[];
}

export interface ChainStore {
  /** Everything start-up needs, without replaying blocks; null for an empty store. */
  load(): Promise<LoadedChain | null>;
  getBlock(hashHex: string): Promise<Uint8Array | null>;
  getUndo(hashHex: string): Promise<Uint8Array | null>;
  write(batch: ChainBatch): Promise<void>;
}

const cloneAccount = (a: Account): Account => ({ balance: a.balance, nonce: a.nonce, locked: a.locked.map((l) => ({ ...l })) });

/** The in-memory store: for tests, the simulator, and nodes that keep nothing. */
export class MemoryChainStore implements ChainStore {
  readonly entries = new Map<string, StoredEntry>();
  readonly blocks = new Map<string, Uint8Array>();
  readonly undo = new Map<string, Uint8Array>();
  readonly accounts = new Map<string, Account>();
  readonly bestChain: string[] = [];
  tip: string | null = null;
  writes = 0;

  async load(): Promise<LoadedChain | null> {
    if (this.tip === null) return null;
    return {
      entries: [...this.entries.values()].map((e) => ({ ...e })),
      tip: this.tip,
      accounts: [...this.accounts].map(([keyHex, a]) => ({ keyHex, account: cloneAccount(a) })),
      bestChain: [...this.bestChain],
    };
  }

  async getBlock(hashHex: string): Promise<Uint8Array | null> {
    return this.blocks.get(hashHex) ?? null;
  }

  async getUndo(hashHex: string): Promise<Uint8Array | null> {
    return this.undo.get(hashHex) ?? null;
  }

  async write(batch: ChainBatch): Promise<void> {
    this.writes++;
    for (const e of batch.entries ?? []) this.entries.set(e.hashHex, { ...e });
    for (const b of batch.blocks ?? []) this.blocks.set(b.hashHex, b.bytes);
    for (const u of batch.undo ?? []) {
      if (u.bytes === null) this.undo.delete(u.hashHex);
      else this.undo.set(u.hashHex, u.bytes);
    }
    for (const a of batch.accounts ?? []) {
      if (a.account === null) this.accounts.delete(a.keyHex);
      else this.accounts.set(a.keyHex, cloneAccount(a.account));
    }
    for (const c of batch.bestChain ?? []) {
      if (c.hashHex === null) this.bestChain.length = Math.min(this.bestChain.length, c.height);
      else this.bestChain[c.height] = c.hashHex;
    }
    if (batch.tip !== undefined) this.tip = batch.tip;
  }
}
