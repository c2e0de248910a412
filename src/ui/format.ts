// Display helpers. Amounts are bigint base units (1 coin = 10^8); they are never Numbers.
const UNITS = 100_000_000n;

/** "12.5", "0.00001", "3": decimal coins without trailing zeros. */
export function formatCoins(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / UNITS;
  const frac = (abs % UNITS).toString().padStart(8, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
