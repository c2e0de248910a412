// Dates as people read them: "3 min ago", with the full date beside it.
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "5 min ago" for a unix time `seconds` seen at `nowSeconds`. */
export function relativeTime(seconds: number, nowSeconds: number): string {
  const delta = seconds - nowSeconds;
  for (const [unit, size] of UNITS) if (Math.abs(delta) >= size) return relative.format(Math.round(delta / size), unit);
  return 'just now';
}

export const fullDate = (seconds: number): string => absolute.format(new Date(seconds * 1000));
export const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString();
