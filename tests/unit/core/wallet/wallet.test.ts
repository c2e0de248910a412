import { describe, expect, it } from 'vitest';
import { AmountError, formatCoins, parseCoins } from '../../../../src/core/wallet/amount';
import { prepareTransfer, SendError, signPrepared, suggestFee, transferSize } from '../../../../src/core/wallet/send';
import { REGTEST, MAIN } from '../../../../src/core/protocol/networks';
import { encodeAddress } from '../../../../src/core/primitives/address';
import { verifyTransferSignature, encodeTx } from '../../../../src/core/primitives/tx';
import { COIN } from '../../../../src/core/protocol/consensus';
import { ALICE, BOB } from '../helpers';

describe('amounts', () => {
  it('parse decimal coins into base units and back', () => {
    expect(parseCoins('12.5')).toBe(1_250_000_000n);
    expect(parseCoins(' 0.00000001 ')).toBe(1n);
    expect(parseCoins('.5')).toBe(50_000_000n);
    expect(parseCoins('3')).toBe(3n * COIN);
    expect(parseCoins('1_000')).toBe(1000n * COIN);
    expect(formatCoins(1_250_000_000n)).toBe('12.5');
    expect(formatCoins(1n)).toBe('0.00000001');
    expect(formatCoins(-150_000_000n)).toBe('-1.5');
    expect(formatCoins(0n)).toBe('0');
  });

  it('reject what is not an amount, saying how to write one', () => {
    expect(() => parseCoins('1.123456789')).toThrow(/at most 8 decimal/);
    for (const bad of ['', '-1', 'abc', '1e5', '1.2.3']) expect(() => parseCoins(bad)).toThrow(AmountError);
  });
});

describe('sending', () => {
  const base = { params: REGTEST, to: encodeAddress(REGTEST.hrp, BOB.pub), amount: COIN, fee: 2_000n, sender: ALICE.pub, nonce: 3, spendable: 10n * COIN };

  it('suggests a fee the relay policy accepts', () => {
    expect(suggestFee(10n, 0)).toBe(10n * BigInt(transferSize(0)));
    expect(suggestFee(5n, 0)).toBe(1_000n); // the consensus minimum wins over 5 × 182
    expect(suggestFee(1n, 0)).toBe(1_000n);
    expect(suggestFee(10n, 10, true)).toBe(2n * 10n * 192n);
  });

  it('prepares and signs a transfer over every field', () => {
    const unsigned = prepareTransfer({ ...base, memo: 'lunch' });
    expect(unsigned.nonce).toBe(3);
    const { tx, bytes } = signPrepared(unsigned, ALICE.secret, new Uint8Array(32));
    expect(verifyTransferSignature(tx)).toBe(true);
    expect(bytes).toEqual(encodeTx(tx));
  });

  it('names the field and the fix for each mistake', () => {
    const field = (over: Partial<typeof base> & { memo?: string }) => {
      try {
        prepareTransfer({ ...base, ...over });
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(SendError);
        return `${(e as SendError).field}: ${(e as Error).message}`;
      }
    };
    expect(field({ to: 'nonsense' })).toMatch(/^to: /);
    expect(field({ to: encodeAddress(MAIN.hrp, BOB.pub) })).toMatch(/^to: .*another network/);
    expect(field({ amount: 0n })).toMatch(/^amount: .*greater than zero/);
    expect(field({ fee: 999n })).toMatch(/^fee: /);
    expect(field({ amount: 10n * COIN })).toMatch(/^amount: Insufficient funds/);
    expect(field({ amount: 1n << 62n, spendable: 1n << 63n })).toMatch(/more than could ever exist/);
    expect(field({ memo: 'x'.repeat(65) })).toMatch(/^memo: /);
  });
});
