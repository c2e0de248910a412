import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbChainStore, StorageFullError } from '../../../src/storage/chain-db';
import { Chain } from '../../../src/core/chain/chain';
import { checkConsistency } from '../../../src/core/chain/consistency';
import { REGTEST } from '../../../src/core/protocol/networks';
import { ALICE, BOB, makeBlock, mine, mineMany, testClock, transfer } from '../core/helpers';
import { COIN } from '../../../src/core/protocol/consensus';
import { MemoryChainStore } from '../../../src/core/chain/store';

let n = 0;
const freshName = () => `test-chain-${n++}`;

describe('IdbChainStore', () => {
  it('persists a chain with reorgs and reopens it without replaying', async () => {
    const name = freshName();
    const store = await IdbChainStore.open(name);
    const chain = await Chain.open(REGTEST, store, { now: testClock });
    await mineMany(chain, 4);
    const fork = chain.tip;
    await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)] });
    // A heavier branch replaces the block with the transfer.
    const x1 = makeBlock(chain, { parent: fork, to: BOB, dt: 31 });
    await chain.submitBlock(x1);
    await mine(chain, { parent: chain.index.childrenOf(fork)[1]!, to: BOB });
    expect(chain.height).toBe(6);
    store.close();

    const reopened = await IdbChainStore.open(name);
    const again = await Chain.open(REGTEST, reopened, { now: testClock });
    expect(again.tip.hashHex).toBe(chain.tip.hashHex);
    expect([...again.accounts].sort()).toEqual([...chain.accounts].sort());
    expect(again.index.size).toBe(chain.index.size);
    const report = await checkConsistency(REGTEST, reopened, testClock);
    expect(report).toMatchObject({ ok: true, height: 6 });
    reopened.close();
  });

  it('keeps peers, settings and meta', async () => {
    const store = await IdbChainStore.open(freshName());
    await store.rememberPeer({ id: 'p1', lastSeen: 5, failures: 0 });
    await store.setSetting('workers', 2);
    await store.setMeta('slot', 3);
    expect(await store.knownPeers()).toEqual([{ id: 'p1', lastSeen: 5, failures: 0 }]);
    await store.forgetPeer('p1');
    expect(await store.knownPeers()).toEqual([]);
    expect(await store.getSetting('workers')).toBe(2);
    expect(await store.getMeta('slot')).toBe(3);
    expect(await store.load()).toBeNull();
    store.close();
    await IdbChainStore.delete(store.name);
  });

  it('writes nothing of a batch that fails', async () => {
    const store = await IdbChainStore.open(freshName());
    const chain = await Chain.open(REGTEST, store, { now: testClock });
    await mine(chain);
    const before = await store.load();
    // An account key that is not a valid IDB key makes the transaction abort midway.
    await expect(store.write({ blocks: [{ hashHex: 'x', bytes: new Uint8Array([1]) }], accounts: [{ keyHex: null as unknown as string, account: { balance: 1n, nonce: 0, locked: [] } }] })).rejects.toThrow();
    expect(await store.getBlock('x')).toBeNull();
    expect(await store.load()).toEqual(before);
    store.close();
  });

  it('reports a storage quota failure as StorageFullError', async () => {
    const store = await IdbChainStore.open(freshName());
    const db = (store as unknown as { db: { transaction: () => unknown } }).db;
    db.transaction = () => {
      const quota = Promise.reject(new DOMException('full', 'QuotaExceededError'));
      quota.catch(() => undefined);
      return { objectStore: () => ({ put: () => quota }), done: quota };
    };
    await expect(store.write({ tip: 'x' })).rejects.toBeInstanceOf(StorageFullError);
  });
});

describe('checkConsistency', () => {
  it('finds a store whose state does not match its blocks', async () => {
    const store = new MemoryChainStore();
    const chain = await Chain.open(REGTEST, store, { now: testClock });
    await mineMany(chain, 3);
    expect((await checkConsistency(REGTEST, store, testClock)).ok).toBe(true);
    store.accounts.set(ALICE.hex, { balance: 1n, nonce: 0, locked: [] });
    const report = await checkConsistency(REGTEST, store, testClock);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/differs/);
    store.blocks.delete(store.bestChain[2]!);
    expect((await checkConsistency(REGTEST, store, testClock)).problems[0]).toMatch(/missing/);
    expect(await checkConsistency(REGTEST, new MemoryChainStore(), testClock)).toMatchObject({ ok: true, height: -1 });
  });
});
