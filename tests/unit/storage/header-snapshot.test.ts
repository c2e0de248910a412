import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { IdbChainStore, CHAIN_SCHEMA_VERSION } from '../../../src/storage/chain-db';
import { countPacked, packChunks, packEntries, SNAPSHOT_CHUNK_ENTRIES, unpackEntries } from '../../../src/storage/header-snapshot';
import { Chain } from '../../../src/core/chain/chain';
import { checkConsistency } from '../../../src/core/chain/consistency';
import { MemoryChainStore, type StoredEntry } from '../../../src/core/chain/store';
import { REGTEST } from '../../../src/core/protocol/networks';
import { encodeAccount } from '../../../src/core/state/account';
import { ALICE, BOB, mine, mineMany, testClock, transfer } from '../core/helpers';
import { COIN } from '../../../src/core/protocol/consensus';

let n = 0;
const freshName = () => `snapshot-chain-${n++}`;

const entry = (i: number, work: bigint, o: Partial<StoredEntry> = {}): StoredEntry => ({
  hashHex: i.toString(16).padStart(64, '0'),
  header: new Uint8Array(80).fill(i % 251),
  height: i,
  work,
  hasData: i % 2 === 0,
  invalid: i % 3 === 0,
  seq: 1_000 + i,
  ...o,
});

/** What a tab of schema 1 left: the same stores, without the header snapshot. */
async function writeSchema1(name: string, store: MemoryChainStore): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(d) {
      for (const s of ['headers', 'blocks', 'undo', 'accounts', 'best', 'meta', 'peers', 'settings']) d.createObjectStore(s);
    },
  });
  const tx = db.transaction(['headers', 'blocks', 'undo', 'accounts', 'best', 'meta'], 'readwrite');
  for (const { hashHex, ...e } of store.entries.values()) void tx.objectStore('headers').put(e, hashHex);
  for (const [k, v] of store.blocks) void tx.objectStore('blocks').put(v, k);
  for (const [k, v] of store.undo) void tx.objectStore('undo').put(v, k);
  for (const [k, a] of store.accounts) void tx.objectStore('accounts').put(encodeAccount(a), k);
  store.bestChain.forEach((h, height) => void tx.objectStore('best').put(h, height));
  void tx.objectStore('meta').put(store.tip, 'tip');
  await tx.done;
  db.close();
}

async function snapshotRecords(name: string): Promise<Uint8Array[]> {
  const db = await openDB(name, CHAIN_SCHEMA_VERSION);
  const records = (await db.getAll('headerSnapshot')) as Uint8Array[];
  db.close();
  return records;
}

describe('packed header entries', () => {
  it('round-trip every field, works small and past 2^48, the last copy of a hash winning', () => {
    const entries = [entry(0, 0n), entry(1, 255n), entry(2, 2n ** 48n + 7n), entry(3, 2n ** 200n + 12345n, { hasData: true, invalid: false })];
    const rewritten = { ...entries[1]!, invalid: true, seq: 9_999 };
    const records = [packEntries(entries.slice(0, 2)), packEntries([...entries.slice(2), rewritten])];
    expect(records.map(countPacked)).toEqual([2, 3]);
    const back = unpackEntries(records);
    expect(back.map((e) => ({ ...e, header: [...e.header] }))).toEqual([entries[0], rewritten, entries[2], entries[3]].map((e) => ({ ...e, header: [...e!.header] })));
  });

  it('refuses a truncated record and a header of the wrong size', () => {
    const bytes = packEntries([entry(5, 1n << 60n)]);
    expect(() => unpackEntries([bytes.subarray(0, bytes.length - 1)])).toThrow(/truncated/);
    expect(() => packEntries([entry(1, 1n, { header: new Uint8Array(79) })])).toThrow(/79 bytes/);
  });

  it('chunks of at most SNAPSHOT_CHUNK_ENTRIES', () => {
    const entries = Array.from({ length: SNAPSHOT_CHUNK_ENTRIES + 3 }, (_, i) => entry(i, BigInt(i)));
    expect(packChunks(entries).map(countPacked)).toEqual([SNAPSHOT_CHUNK_ENTRIES, 3]);
  });
});

describe('IdbChainStore header snapshot', () => {
  it('opens a schema-1 database, packs its headers, and loads from the snapshot after', async () => {
    const name = freshName();
    const memory = new MemoryChainStore();
    const chain = await Chain.open(REGTEST, memory, { now: testClock });
    await mineMany(chain, 5);
    await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)], to: BOB });
    await writeSchema1(name, memory);

    const upgraded = await IdbChainStore.open(name);
    const opened = await Chain.open(REGTEST, upgraded, { now: testClock });
    expect(opened.tip.hashHex).toBe(chain.tip.hashHex);
    expect(opened.accounts.get(ALICE.hex)).toEqual(chain.accounts.get(ALICE.hex));
    expect(opened.index.size).toBe(chain.index.size);
    upgraded.close();
    expect(unpackEntries(await snapshotRecords(name)).map((e) => e.hashHex).sort()).toEqual([...memory.entries.keys()].sort());

    // From now on the headers store's values are not read: a damaged one goes unnoticed.
    const raw = await openDB(name, CHAIN_SCHEMA_VERSION);
    await raw.put('headers', { damaged: true }, chain.tip.hashHex);
    raw.close();
    const again = await IdbChainStore.open(name);
    const reopened = await Chain.open(REGTEST, again, { now: testClock });
    expect(reopened.tip.hashHex).toBe(chain.tip.hashHex);
    expect(reopened.tip.header).toEqual(chain.tip.header);
    again.close();
  });

  it('keeps the snapshot equal to the headers store across chunks and reopenings, and repacks one that is not', async () => {
    const name = freshName();
    let store = await IdbChainStore.open(name);
    let chain = await Chain.open(REGTEST, store, { now: testClock });
    await mineMany(chain, SNAPSHOT_CHUNK_ENTRIES + 20);
    store.close();
    // Genesis and the first SNAPSHOT_CHUNK_ENTRIES - 1 blocks were sealed into one record.
    expect((await snapshotRecords(name)).map(countPacked).slice(0, 2)).toEqual([SNAPSHOT_CHUNK_ENTRIES, 1]);
    store = await IdbChainStore.open(name);
    chain = await Chain.open(REGTEST, store, { now: testClock });
    await mineMany(chain, 3);
    const tip = chain.tip.hashHex;
    store.close();
    const counts = (await snapshotRecords(name)).map(countPacked);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(SNAPSHOT_CHUNK_ENTRIES + 24);

    // A header the snapshot lacks (as a writer without it would leave) makes the store read the headers store.
    const raw = await openDB(name, CHAIN_SCHEMA_VERSION);
    await raw.clear('headerSnapshot');
    raw.close();
    store = await IdbChainStore.open(name);
    chain = await Chain.open(REGTEST, store, { now: testClock });
    expect(chain.tip.hashHex).toBe(tip);
    expect((await checkConsistency(REGTEST, store, testClock)).ok).toBe(true);
    store.close();
    expect((await snapshotRecords(name)).map(countPacked)).toEqual([SNAPSHOT_CHUNK_ENTRIES, 24]);
  });

  it('leaves the snapshot as it was when a batch fails', async () => {
    const name = freshName();
    const store = await IdbChainStore.open(name);
    const chain = await Chain.open(REGTEST, store, { now: testClock });
    await mine(chain);
    const before = await snapshotRecords(name);
    const tip = chain.tip;
    const orphanEntry = { ...chain.index.toStored(tip), hashHex: 'ab'.repeat(32) };
    await expect(store.write({ entries: [orphanEntry], accounts: [{ keyHex: null as unknown as string, account: { balance: 1n, nonce: 0, locked: [] } }] })).rejects.toThrow();
    expect(await snapshotRecords(name)).toEqual(before);
    await mine(chain);
    store.close();
    const again = await IdbChainStore.open(name);
    const reopened = await Chain.open(REGTEST, again, { now: testClock });
    expect(reopened.height).toBe(2);
    expect(reopened.index.get(orphanEntry.hashHex)).toBeUndefined();
    again.close();
  });
});
