// Dates as people read them, in the active language: "3 min ago", with the full date beside it.
import { formatDate, locale, t } from '../app/i18n/i18n';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "5 min ago" for a unix time `seconds` seen at `nowSeconds`. */
export function relativeTime(seconds: number, nowSeconds: number): string {
  const delta = seconds - nowSeconds;
  const relative = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });
  for (const [unit, size] of UNITS) if (Math.abs(delta) >= size) return relative.format(Math.round(delta / size), unit);
  return t('time.justNow');
}

export const fullDate = (seconds: number): string => formatDate(seconds);
export const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString();
