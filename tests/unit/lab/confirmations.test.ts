// The confirmation watch on chain events: where a watched transfer is, its confirmations as the
// chain grows, and the count a receiver needed when a reorg took it out at some depth. And the
// conflicting pair: two signed transfers of one account with one nonce.
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/core/util/emitter';
import type { ChainEvents } from '../../../src/core/chain/chain';
import type { IndexEntry } from '../../../src/core/chain/header-index';
import type { Block } from '../../../src/core/primitives/block';
import type { TransferTx } from '../../../src/core/primitives/tx';
import { ConfirmationWatch, conflictingPair, txidHex } from '../../../src/lab/confirmations';
import { cheapLab, keyOf } from './lab-payer';
import { encodeAddress } from '../../../src/core/primitives/address';
import { prepareTransfer, signPrepared } from '../../../src/core/wallet/send';

const LAB = cheapLab('lab-watch');
const alice = keyOf('alice');

const transfer = (nonce: number, to = keyOf('bob').key): TransferTx =>
  signPrepared(prepareTransfer({ params: LAB, to: encodeAddress(LAB.hrp, to), amount: 1_000n, fee: 1_000n, sender: alice.key, nonce, spendable: 10n ** 12n }), alice.secret, new Uint8Array(32)).tx;

function fakeChain() {
  const events = new Emitter<ChainEvents>();
  const chain = { events, height: 10 };
  const entry = (height: number, tag: string) => ({ height, hashHex: `${tag}${height}` }) as IndexEntry;
  const block = (txs: TransferTx[]) => ({ header: {}, txs }) as unknown as Block;
  return {
    chain,
    connect(height: number, tag: string, txs: TransferTx[] = []) {
      chain.height = height;
      events.emit('connect', { entry: entry(height, tag), block: block(txs) });
      events.emit('tip', entry(height, tag));
    },
    disconnect(height: number, tag: string, txs: TransferTx[] = []) {
      chain.height = height - 1;
      events.emit('disconnect', { entry: entry(height, tag), block: block(txs) });
    },
  };
}

describe('ConfirmationWatch', () => {
  it('counts confirmations, and what a reorg at depth 2 means: 3 were needed', () => {
    const f = fakeChain();
    const pay = transfer(0);
    const id = txidHex(pay);
    let changes = 0;
    const watch = new ConfirmationWatch(f.chain, new Set([id]), () => changes++);
    expect(watch.confirmation(id)).toBeNull();
    expect(watch.needed(id)).toBe(1);
    f.connect(11, 'a', [pay]);
    f.connect(12, 'a');
    expect(watch.confirmation(id)).toEqual({ height: 11, blockHash: 'a11' });
    expect(watch.confirmations(id)).toBe(2);
    // A branch with more work: both public blocks leave, the payment with them.
    f.disconnect(12, 'a');
    f.disconnect(11, 'a', [pay]);
    f.connect(11, 'b');
    f.connect(12, 'b');
    f.connect(13, 'b');
    expect(watch.confirmation(id)).toBeNull();
    expect(watch.confirmations(id)).toBe(0);
    expect(watch.reversals).toEqual([{ txid: id, confirmations: 2 }]);
    expect(watch.needed(id)).toBe(3);
    expect(changes).toBe(5);
    watch.stop();
    f.connect(14, 'b', [pay]);
    expect(watch.confirmation(id)).toBeNull();
  });

  it('ignores transfers it does not watch', () => {
    const f = fakeChain();
    const watch = new ConfirmationWatch(f.chain, new Set([txidHex(transfer(0))]), () => {});
    const other = transfer(1);
    f.connect(11, 'a', [other]);
    expect(watch.confirmation(txidHex(other))).toBeNull();
  });
});

describe('conflictingPair', () => {
  it('signs a payment and a refund with the same nonce, fee and size', () => {
    const payer = { address: encodeAddress(LAB.hrp, alice.key), prepare: (to: string, amount: bigint, fee: bigint) => signPrepared(prepareTransfer({ params: LAB, to, amount, fee, sender: alice.key, nonce: 4, spendable: 10n ** 12n }), alice.secret, new Uint8Array(32)).tx };
    const { pay, back, nonce } = conflictingPair(payer, encodeAddress(LAB.hrp, keyOf('shop').key), 5_000n, 1_000n);
    expect(nonce).toBe(4);
    expect([pay.nonce, back.nonce, back.fee, back.amount]).toEqual([4, 4, 1_000n, 5_000n]);
    expect(back.recipient).toEqual(alice.key);
    expect(pay.recipient).toEqual(keyOf('shop').key);
    expect(txidHex(pay)).not.toBe(txidHex(back));
  });

  it('refuses a payer whose nonces differ', () => {
    let n = 0;
    const payer = { address: encodeAddress(LAB.hrp, alice.key), prepare: () => transfer(n++) };
    expect(() => conflictingPair(payer, payer.address, 1n, 1_000n)).toThrow(/nonces 0 and 1/);
  });
});
