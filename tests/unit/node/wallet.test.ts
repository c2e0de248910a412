import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { Wallet } from '../../../src/node/wallet';
import { Keystore } from '../../../src/storage/keystore';
import { COIN } from '../../../src/core/protocol/consensus';
import { makeNode } from './harness';
import { fromHex } from '../../../src/core/encoding/bytes';

const PASS = 'a good passphrase';

async function freshWallet(name: string) {
  const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false });
  const wallet = new Wallet(node, await Keystore.open(`wallet-test-${name}`));
  await wallet.load();
  return { node, wallet };
}

describe('Wallet', () => {
  it('restores the same key from its recovery phrase, and counts the phrase as a backup', async () => {
    const { wallet } = await freshWallet('a');
    await wallet.create(PASS, PASS);
    expect(wallet.backedUp).toBe(false);
    const phrase = await wallet.recoveryPhrase();
    expect(phrase.split(' ')).toHaveLength(24);
    await wallet.markBackedUp();
    expect(wallet.backedUp).toBe(true);
    wallet.lock();
    await expect(wallet.recoveryPhrase()).rejects.toThrow(/Unlock/);

    const other = (await freshWallet('b')).wallet;
    await expect(other.restore(phrase.replace(/^\S+/, 'zoo'), PASS, PASS)).rejects.toMatchObject({ field: 'phrase' });
    await expect(other.restore(phrase, PASS, 'different one')).rejects.toMatchObject({ field: 'repeat' });
    await other.restore(phrase, 'another passphrase', 'another passphrase');
    expect(other.address).toBe(wallet.address);
    expect(other.backedUp).toBe(true);
    expect(await other.recoveryPhrase()).toBe(phrase);
  });

  it('bumps a fee to the amount the user chose, and refuses less than a replacement needs', async () => {
    const { node, wallet } = await freshWallet('c');
    await wallet.create(PASS, PASS);
    await node.mineRegtestBlocks(3, fromHex(wallet.keyHex));
    await wallet.tracker!.rescan();
    const id = wallet.submit(wallet.prepare(wallet.address, COIN, 1_000n));
    const options = wallet.bumpOptions(id);
    expect(options.current).toBe(1_000n);
    expect(options.minimum).toBeGreaterThan(1_000n);
    expect(() => wallet.bumpFee(id, options.minimum - 1n)).toThrow(/at least/);
    const bumped = wallet.bumpFee(id, options.minimum + 7n);
    expect(wallet.tracker!.get(id)).toMatchObject({ txid: bumped, fee: options.minimum + 7n, bumps: 1, status: 'pending' });
    expect(wallet.tracker!.history().filter((h) => h.direction !== 'mined')).toHaveLength(1);
  });
});
