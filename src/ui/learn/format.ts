// Numbers as a lesson shows them.
export function formatRate(h: number): string {
  if (h >= 1e6) return `${(h / 1e6).toFixed(2)} MH/s`;
  if (h >= 1e3) return `${(h / 1e3).toFixed(1)} kH/s`;
  return `${Number.isInteger(h) || h >= 100 ? Math.round(h) : Number(h.toPrecision(3))} H/s`;
}

export function formatCount(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(3)));
}

export const short = (hex: string, n = 12): string => (hex.length > n ? `${hex.slice(0, n)}…` : hex);
