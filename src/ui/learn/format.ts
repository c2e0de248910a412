// Numbers as a lesson shows them, with the active language's decimal sign.
import { formatDecimal } from '../../app/i18n/i18n';

export function formatRate(h: number): string {
  if (h >= 1e6) return `${formatDecimal(h / 1e6, 2)} MH/s`;
  if (h >= 1e3) return `${formatDecimal(h / 1e3, 1)} kH/s`;
  return `${Number.isInteger(h) || h >= 100 ? Math.round(h) : Number(h.toPrecision(3))} H/s`;
}

export function formatCount(n: number): string {
  if (n >= 1e12) return `${formatDecimal(n / 1e12, 1)} T`;
  if (n >= 1e9) return `${formatDecimal(n / 1e9, 1)} G`;
  if (n >= 1e6) return `${formatDecimal(n / 1e6, 1)} M`;
  if (n >= 1e3) return `${formatDecimal(n / 1e3, 1)} k`;
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(3)));
}

export const short = (hex: string, n = 12): string => (hex.length > n ? `${hex.slice(0, n)}…` : hex);
