// The IndexedDB ChainStore (idb). One database per node slot and network. A ChainBatch is written
// in one readwrite transaction over every store it touches: all of it lands, or none.
import { openDB, deleteDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { decodeAccount, encodeAccount } from '../core/state/account';
import { CodedError } from '../core/protocol/coded-error';
import { concatBytes } from '../core/encoding/bytes';
import type { ChainBatch, ChainStore, LoadedChain, StoredEntry } from '../core/chain/store';
import { countPacked, packChunks, packEntries, SNAPSHOT_CHUNK_ENTRIES, unpackEntries } from './header-snapshot';

/** 2: the header snapshot (header-snapshot.ts); a tab of version 1 can no longer write headers without it. */
export const CHAIN_SCHEMA_VERSION = 2;

interface ChainDB extends DBSchema {
  headers: { key: string; value: Omit<StoredEntry, 'hashHex'> };
  /** Packed header entries (header-snapshot.ts), by increasing record number: sealed chunks, then the open tail. */
  headerSnapshot: { key: number; value: Uint8Array };
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
  // Existing headers are packed into the snapshot on the first load (IdbChainStore.load).
  2: (db) => {
    db.createObjectStore('headerSnapshot');
  },
};

type WrittenStore = 'headers' | 'headerSnapshot' | 'blocks' | 'undo' | 'accounts' | 'best' | 'meta';

/** The snapshot records written since the last sealed chunk. */
interface SnapshotTail {
  nextKey: number;
  keys: number[];
  records: Uint8Array[];
  entries: number;
}

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
  private tail: SnapshotTail = { nextKey: 0, keys: [], records: [], entries: 0 };
  /** Loads and writes one at a time: each write extends the snapshot tail the previous one committed. */
  private writing: Promise<unknown> = Promise.resolve();

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

  /**
   * Reads the header index from the snapshot. When the snapshot does not hold exactly the entries
   * of the headers store (a database from schema 1), reads the headers store and packs it anew.
   */
  load(): Promise<LoadedChain | null> {
    return this.oneAtATime(() => this.loadNow());
  }

  private async loadNow(): Promise<LoadedChain | null> {
    const tx = this.db.transaction(['headers', 'headerSnapshot', 'accounts', 'best', 'meta'], 'readonly');
    const [tip, headerCount, snapshotKeys, snapshot, accountKeys, accounts, best] = await Promise.all([
      tx.objectStore('meta').get('tip') as Promise<string | undefined>,
      tx.objectStore('headers').count(),
      tx.objectStore('headerSnapshot').getAllKeys(),
      tx.objectStore('headerSnapshot').getAll(),
      tx.objectStore('accounts').getAllKeys(),
      tx.objectStore('accounts').getAll(),
      tx.objectStore('best').getAll(),
      tx.done,
    ]);
    let entries = unpackEntries(snapshot);
    if (entries.length === headerCount) this.tail = tailOf(snapshotKeys, snapshot);
    else entries = await this.repack();
    if (!tip) return null;
    return {
      tip,
      entries,
      accounts: accounts.map((bytes, i) => ({ keyHex: accountKeys[i] as string, account: decodeAccount(bytes) })),
      bestChain: best,
    };
  }

  /** Replaces the snapshot with the headers store's entries, in height order (parents first). */
  private async repack(): Promise<StoredEntry[]> {
    const tx = this.db.transaction(['headers', 'headerSnapshot'], 'readwrite');
    const [keys, values] = await Promise.all([tx.objectStore('headers').getAllKeys(), tx.objectStore('headers').getAll()]);
    const entries = values.map((h, i) => ({ ...h, hashHex: keys[i] as string })).sort((a, b) => a.height - b.height || a.seq - b.seq);
    const chunks = packChunks(entries);
    const snapshot = tx.objectStore('headerSnapshot');
    void snapshot.clear();
    chunks.forEach((chunk, key) => void snapshot.put(chunk, key));
    await tx.done;
    this.tail = { nextKey: chunks.length, keys: [], records: [], entries: 0 };
    return entries;
  }

  async getBlock(hashHex: string): Promise<Uint8Array | null> {
    return (await this.db.get('blocks', hashHex)) ?? null;
  }

  async getUndo(hashHex: string): Promise<Uint8Array | null> {
    return (await this.db.get('undo', hashHex)) ?? null;
  }

  write(batch: ChainBatch): Promise<void> {
    return this.oneAtATime(() => this.writeNow(batch));
  }

  private oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn);
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(batch: ChainBatch): Promise<void> {
    const names = new Set<WrittenStore>();
    if (batch.entries?.length) names.add('headers').add('headerSnapshot');
    if (batch.blocks?.length) names.add('blocks');
    if (batch.undo?.length) names.add('undo');
    if (batch.accounts?.length) names.add('accounts');
    if (batch.bestChain?.length) names.add('best');
    if (batch.tip !== undefined) names.add('meta');
    if (names.size === 0) return;
    const tx = this.db.transaction([...names], 'readwrite');
    // Every request is issued synchronously; nothing else is awaited inside the transaction.
    const requests: Array<Promise<unknown>> = [];
    let tail = this.tail;
    try {
      this.issue(tx, batch, requests);
      if (batch.entries?.length) tail = this.extendSnapshot(tx, batch.entries, requests);
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
    this.tail = tail;
  }

  /** Appends entries to the snapshot in the batch's transaction; a tail of a full chunk is sealed into one record. */
  private extendSnapshot(tx: IDBPTransaction<ChainDB, WrittenStore[], 'readwrite'>, entries: StoredEntry[], requests: Array<Promise<unknown>>): SnapshotTail {
    const store = tx.objectStore('headerSnapshot');
    const key = this.tail.nextKey;
    const packed = packEntries(entries);
    const grown: SnapshotTail = { nextKey: key + 1, keys: [...this.tail.keys, key], records: [...this.tail.records, packed], entries: this.tail.entries + entries.length };
    if (grown.entries < SNAPSHOT_CHUNK_ENTRIES) {
      requests.push(store.put(packed, key));
      return grown;
    }
    if (this.tail.keys.length > 0) requests.push(store.delete(IDBKeyRange.bound(this.tail.keys[0], key - 1)));
    requests.push(store.put(concatBytes(...grown.records), key));
    return { nextKey: key + 1, keys: [], records: [], entries: 0 };
  }

  private issue(tx: IDBPTransaction<ChainDB, WrittenStore[], 'readwrite'>, batch: ChainBatch, requests: Array<Promise<unknown>>): void {
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

/** The records after the last sealed chunk (the ones of fewer than SNAPSHOT_CHUNK_ENTRIES entries). */
function tailOf(keys: number[], records: Uint8Array[]): SnapshotTail {
  const tail: SnapshotTail = { nextKey: (keys[keys.length - 1] ?? -1) + 1, keys: [], records: [], entries: 0 };
  for (let i = records.length - 1; i >= 0; i--) {
    const count = countPacked(records[i] as Uint8Array);
    if (count >= SNAPSHOT_CHUNK_ENTRIES) break;
    tail.keys.unshift(keys[i] as number);
    tail.records.unshift(records[i] as Uint8Array);
    tail.entries += count;
  }
  return tail;
}
