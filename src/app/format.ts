// Numbers and times as people read them: 12,345; 5.77 MH/s; "3 min ago".
const NUMBER = new Intl.NumberFormat('en-US');

export const formatNumber = (n: number | bigint): string => NUMBER.format(n);

export function formatHashRate(h: number): string {
  if (h >= 1e9) return `${(h / 1e9).toFixed(2)} GH/s`;
  if (h >= 1e6) return `${(h / 1e6).toFixed(2)} MH/s`;
  if (h >= 1e3) return `${(h / 1e3).toFixed(1)} kH/s`;
  return `${Math.round(h)} H/s`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago"; future times read "in …". */
export function relativeTime(thenSeconds: number, nowSeconds: number): string {
  const d = Math.round(nowSeconds - thenSeconds);
  const ahead = d < 0;
  const a = Math.abs(d);
  const span = a < 5 ? '' : a < 90 ? `${a} s` : a < 5400 ? `${Math.round(a / 60)} min` : a < 129_600 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86_400)} days`;
  if (!span) return 'just now';
  return ahead ? `in ${span}` : `${span} ago`;
}

/** Bytes as B, kB or MB (1 kB = 1,000 B). */
export function formatBytes(n: number): string {
  if (n < 1_000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(2)} MB`;
}
