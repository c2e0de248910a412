// Decimal coin amounts, as the user types and reads them, to and from bigint base units.
// Reading path: beside it, after stops 2 and 5 (src/core/READING.md).
import { COIN } from '../protocol/consensus';
import { CodedError } from '../protocol/coded-error';

export const AMOUNT_ERRORS = ['amount-decimals', 'amount-format'] as const;
export type AmountErrorCode = (typeof AMOUNT_ERRORS)[number];

export class AmountError extends CodedError<AmountErrorCode> {
  override name = 'AmountError';
}

const DECIMALS = 8;

/** "12.5" → 1_250_000_000n. Rejects negatives, more than 8 decimals and anything not a number. */
export function parseCoins(text: string): bigint {
  const s = text.trim().replace(/_/g, '');
  const m = /^(\d{1,12})(?:\.(\d{0,8}))?$/.exec(s) ?? /^()\.(\d{1,8})$/.exec(s);
  if (!m) {
    if (/^\d*\.\d{9,}$/.test(s)) throw new AmountError('amount-decimals', `Amounts have at most ${DECIMALS} decimal places.`, { decimals: DECIMALS });
    throw new AmountError('amount-format', 'Enter an amount in coins, like 12.5');
  }
  const whole = BigInt(m[1] || '0');
  const frac = BigInt((m[2] ?? '').padEnd(DECIMALS, '0'));
  return whole * COIN + frac;
}

/** 1_250_000_000n → "12.5" (no trailing zeros). */
export function formatCoins(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const frac = (abs % COIN).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / COIN}${frac ? `.${frac}` : ''}`;
}
