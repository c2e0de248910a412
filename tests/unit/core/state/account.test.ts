// Account rules pinned at their edges: mutation testing found that no test noticed an emptied
// account forgetting its nonce, a reward maturing one block late, or a transfer of the whole
// balance being refused.
import { describe, expect, it } from 'vitest';
import { decodeUndo, emptyAccount, encodeUndo, isEmptyAccount, matureAt, spendableAt, totalOf } from '../../../../src/core/state/account';
import { ALICE, BOB, CAROL, mine, mineMany, newChain, transfer } from '../helpers';
import { COIN } from '../../../../src/core/protocol/consensus';
import { Chain } from '../../../../src/core/chain/chain';
import { REGTEST } from '../../../../src/core/protocol/networks';

describe('account state at its edges', () => {
  it('an account is empty only with no balance, no nonce and nothing locked', () => {
    expect(isEmptyAccount(emptyAccount())).toBe(true);
    expect(isEmptyAccount({ balance: 0n, nonce: 1, locked: [] })).toBe(false);
    expect(isEmptyAccount({ balance: 1n, nonce: 0, locked: [] })).toBe(false);
    expect(isEmptyAccount({ balance: 0n, nonce: 0, locked: [{ unlockHeight: 9, amount: 1n }] })).toBe(false);
  });

  it('a reward is spendable from exactly its unlock height, not a block before', () => {
    const a = { balance: 3n, nonce: 2, locked: [{ unlockHeight: 5, amount: 7n }, { unlockHeight: 6, amount: 11n }] };
    expect(spendableAt(a, 4)).toBe(3n);
    expect(spendableAt(a, 5)).toBe(10n);
    expect(matureAt(a, 4)).toEqual(a);
    expect(matureAt(a, 5)).toEqual({ balance: 10n, nonce: 2, locked: [{ unlockHeight: 6, amount: 11n }] });
    expect(totalOf(a)).toBe(21n);
  });

  it('undo data says of each account whether it existed (flag 1) or not (0); any other flag is refused', () => {
    const key = new Uint8Array(32).fill(3);
    const bytes = encodeUndo([{ key, before: null }]);
    expect(decodeUndo(bytes)).toEqual([{ key, before: null }]);
    const flag = bytes.length - 1;
    expect(bytes[flag]).toBe(0);
    bytes[flag] = 2;
    expect(() => decodeUndo(bytes)).toThrow(/bad undo flag/);
  });

  it('spends a reward at exactly its unlock height, and the whole spendable balance', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 2); // rewards at heights 1 and 2 unlock at 3 and 4
    // At height 3 only the first reward is spendable: send all of it (amount plus fee).
    await mine(chain, { txs: [transfer(ALICE, BOB, 50n * COIN - 1_000n, 0)] });
    expect(chain.account(ALICE.hex)).toEqual({
      balance: 0n,
      nonce: 1,
      locked: [
        { unlockHeight: 4, amount: 50n * COIN },
        { unlockHeight: 5, amount: 50n * COIN + 1_000n },
      ],
    });
  });

  it('an account emptied by a transfer keeps its nonce, in memory and in the store, so the transfer cannot replay', async () => {
    const { chain, store } = await newChain();
    await mineMany(chain, 3);
    await mine(chain, { txs: [transfer(ALICE, BOB, 10n * COIN, 0)] });
    const drain = transfer(BOB, CAROL, 10n * COIN - 1_000n, 0);
    await mine(chain, { txs: [drain] });
    expect(chain.account(BOB.hex)).toEqual({ balance: 0n, nonce: 1, locked: [] });
    const reopened = await Chain.open(REGTEST, store, { now: () => 0 });
    expect(reopened.account(BOB.hex)).toEqual({ balance: 0n, nonce: 1, locked: [] });
    // Bob is paid again; his old transfer (nonce 0) must not go through a second time.
    await mine(chain, { txs: [transfer(ALICE, BOB, 10n * COIN, 1)] });
    await expect(mine(chain, { txs: [drain] })).rejects.toMatchObject({ code: 'tx-bad-nonce' });
  });
});
