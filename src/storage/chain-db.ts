// The IndexedDB ChainStore (idb). One database per node slot and network. A ChainBatch is written
// in one readwrite transaction over every store it touches: all of it lands, or none.
import { openDB, deleteDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { decodeAccount, encodeAccount } from '../core/state/account';
import { CodedError } from '../core/protocol/coded-error';
import type { ChainBatch, ChainStore, LoadedChain, StoredEntry } from '../core/chain/store';

export const CHAIN_SCHEMA_VERSION = 1;

interface ChainDB extends DBSchema {
  headers: { key: string; value: Omit<StoredEntry, 'hashHex'> };
  blocks: { key: string; value: Uint8Array };
  undo: { key: string; value: Uint8Array };
  accounts: { key: string; value: Uint8Array };
  best: { key: number; value: string };
  meta: { key: string; value: unknown };
  peers: { key: string; value: KnownPeer };
  settings: { key: string; value: unknown };
}

export interface KnownPeer {
  id: string;
  lastSeen: number;
  failures: number;
  /** The addrman's source group and table (src/node/p2p/addrman.ts); absent in rows from before it. */
  source?: string;
  tried?: boolean;
}

/** Schema migrations, by the version they upgrade to. Never edit one that has shipped. */
const MIGRATIONS: Record<number, (db: IDBPDatabase<ChainDB>) => void> = {
  1: (db) => {
    db.createObjectStore('headers');
    db.createObjectStore('blocks');
    db.createObjectStore('undo');
    db.createObjectStore('accounts');
    db.createObjectStore('best');
    db.createObjectStore('meta');
    db.createObjectStore('peers');
    db.createObjectStore('settings');
  },
};

/** The browser refused a write for lack of space. Nothing of the batch was written. */
export const STORAGE_ERRORS = ['storage-full'] as const;

export class StorageFullError extends CodedError<(typeof STORAGE_ERRORS)[number]> {
  override name = 'StorageFullError';
  constructor() {
    super('storage-full', 'The browser has no more storage space for this site. The node is now read-only; free space or reset the chain.');
  }
}

export interface ChainDbEvents {
  /** Another tab wants a newer schema: we closed our connection and must reload. */
  onVersionChange?: () => void;
  /** Our upgrade waits for older tabs to close. */
  onBlocked?: () => void;
}

/** Structured clone stores a typed array's whole buffer: store exactly the bytes. */
const own = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'QuotaExceededError' : (error as { name?: string })?.name === 'QuotaExceededError';
}

export class IdbChainStore implements ChainStore {
  private constructor(
    readonly name: string,
    private readonly db: IDBPDatabase<ChainDB>,
  ) {}

  static async open(name: string, events: ChainDbEvents = {}): Promise<IdbChainStore> {
    let store: IdbChainStore | null = null;
    const db = await openDB<ChainDB>(name, CHAIN_SCHEMA_VERSION, {
      upgrade(database, oldVersion) {
        for (let v = oldVersion + 1; v <= CHAIN_SCHEMA_VERSION; v++) MIGRATIONS[v]?.(database);
      },
      blocked: () => events.onBlocked?.(),
      blocking: () => {
        // Close so the other tab's upgrade can go on; a half-finished write is rolled back by IDB.
        store?.db.close();
        events.onVersionChange?.();
      },
    });
    store = new IdbChainStore(name, db);
    return store;
  }

  static delete(name: string): Promise<void> {
    return deleteDB(name);
  }

  close(): void {
    this.db.close();
  }

  async load(): Promise<LoadedChain | null> {
    const tx = this.db.transaction(['headers', 'accounts', 'best', 'meta'], 'readonly');
    const [tip, headerKeys, headers, accountKeys, accounts, best] = await Promise.all([
      tx.objectStore('meta').get('tip') as Promise<string | undefined>,
      tx.objectStore('headers').getAllKeys(),
      tx.objectStore('headers').getAll(),
      tx.objectStore('accounts').getAllKeys(),
      tx.objectStore('accounts').getAll(),
      tx.objectStore('best').getAll(),
      tx.done,
    ]);
    if (!tip) return null;
    return {
      tip,
      entries: headers.map((h, i) => ({ ...h, hashHex: headerKeys[i] as string })),
      accounts: accounts.map((bytes, i) => ({ keyHex: accountKeys[i] as string, account: decodeAccount(bytes) })),
      bestChain: best,
    };
  }

  async getBlock(hashHex: string): Promise<Uint8Array | null> {
    return (await this.db.get('blocks', hashHex)) ?? null;
  }

  async getUndo(hashHex: string): Promise<Uint8Array | null> {
    return (await this.db.get('undo', hashHex)) ?? null;
  }

  async write(batch: ChainBatch): Promise<void> {
    const names = new Set<'headers' | 'blocks' | 'undo' | 'accounts' | 'best' | 'meta'>();
    if (batch.entries?.length) names.add('headers');
    if (batch.blocks?.length) names.add('blocks');
    if (batch.undo?.length) names.add('undo');
    if (batch.accounts?.length) names.add('accounts');
    if (batch.bestChain?.length) names.add('best');
    if (batch.tip !== undefined) names.add('meta');
    if (names.size === 0) return;
    const tx = this.db.transaction([...names], 'readwrite');
    // Every request is issued synchronously; nothing else is awaited inside the transaction.
    const requests: Array<Promise<unknown>> = [];
    try {
      this.issue(tx, batch, requests);
    } catch (error) {
      // A request that throws as it is made would otherwise leave the rest to auto-commit.
      tx.abort();
      await Promise.allSettled([...requests, tx.done]);
      throw error;
    }
    try {
      await Promise.all([...requests, tx.done]);
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError();
      throw error;
    }
  }

  private issue(tx: IDBPTransaction<ChainDB, Array<'headers' | 'blocks' | 'undo' | 'accounts' | 'best' | 'meta'>, 'readwrite'>, batch: ChainBatch, requests: Array<Promise<unknown>>): void {
    for (const { hashHex, ...entry } of batch.entries ?? []) requests.push(tx.objectStore('headers').put({ ...entry, header: own(entry.header) }, hashHex));
    for (const b of batch.blocks ?? []) requests.push(tx.objectStore('blocks').put(own(b.bytes), b.hashHex));
    for (const u of batch.undo ?? []) {
      const store = tx.objectStore('undo');
      requests.push(u.bytes === null ? store.delete(u.hashHex) : store.put(own(u.bytes), u.hashHex));
    }
    for (const a of batch.accounts ?? []) {
      const store = tx.objectStore('accounts');
      requests.push(a.account === null ? store.delete(a.keyHex) : store.put(encodeAccount(a.account), a.keyHex));
    }
    for (const c of batch.bestChain ?? []) {
      const store = tx.objectStore('best');
      requests.push(c.hashHex === null ? store.delete(IDBKeyRange.lowerBound(c.height)) : store.put(c.hashHex, c.height));
    }
    if (batch.tip !== undefined) requests.push(tx.objectStore('meta').put(batch.tip, 'tip'));
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }

  async knownPeers(): Promise<KnownPeer[]> {
    return this.db.getAll('peers');
  }

  async rememberPeer(peer: KnownPeer): Promise<void> {
    await this.db.put('peers', peer, peer.id);
  }

  async forgetPeer(id: string): Promise<void> {
    await this.db.delete('peers', id);
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('settings', key)) as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.db.put('settings', value, key);
  }
}
