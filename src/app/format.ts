// Numbers and times as people read them, in the active language: 12,345; 5.77 MH/s; "3 min ago".
import { formatDecimal, formatNumber, t } from './i18n/i18n';

export { formatNumber };

export function formatHashRate(h: number): string {
  if (h >= 1e9) return `${formatDecimal(h / 1e9, 2)} GH/s`;
  if (h >= 1e6) return `${formatDecimal(h / 1e6, 2)} MH/s`;
  if (h >= 1e3) return `${formatDecimal(h / 1e3, 1)} kH/s`;
  return `${Math.round(h)} H/s`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago"; future times read "in …". */
export function relativeTime(thenSeconds: number, nowSeconds: number): string {
  const d = Math.round(nowSeconds - thenSeconds);
  const a = Math.abs(d);
  if (a < 5) return t('time.justNow');
  const span =
    a < 90
      ? t('time.seconds', { count: a })
      : a < 5400
        ? t('time.minutes', { count: Math.round(a / 60) })
        : a < 129_600
          ? t('time.hours', { count: Math.round(a / 3600) })
          : t('time.days', { count: Math.round(a / 86_400) });
  return d < 0 ? t('time.in', { span }) : t('time.ago', { span });
}

/** Bytes as B, kB or MB (1 kB = 1,000 B). */
export function formatBytes(n: number): string {
  if (n < 1_000) return `${n} B`;
  if (n < 1_000_000) return `${formatDecimal(n / 1_000, 1)} kB`;
  return `${formatDecimal(n / 1_000_000, 2)} MB`;
}
