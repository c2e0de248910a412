// Payment requests: a link (and its QR code) that opens the send form with the recipient and
// amount filled in. The link is the app's own URL with `#/wallet/pay/<address>?amount=<coins>`,
// so opening it on a phone opens the same network's wallet.
// Reading path: beside it, after stops 2 and 5 (src/core/READING.md).

export interface ParsedRequest {
  to: string;
  amount: string;
}

const PAY_ROUTE = '#/wallet/pay/';

/** The link asking for `amount` coins (a decimal string; '' for any amount) to `address`. */
export function paymentLink(appUrl: string, address: string, amount: string): string {
  const base = appUrl.replace(/#.*$/, '');
  const query = amount.trim() ? `?amount=${encodeURIComponent(amount.trim())}` : '';
  return `${base}${PAY_ROUTE}${address}${query}`;
}

/**
 * Reads a payment request from a link, a `simplecoin:` URI or a bare address (what a QR code may
 * hold). Returns null for anything else; the address itself is checked later, by the send form.
 */
export function parsePaymentRequest(text: string): ParsedRequest | null {
  const s = text.trim();
  const at = s.indexOf(PAY_ROUTE);
  const rest = at >= 0 ? s.slice(at + PAY_ROUTE.length) : /^simplecoin:/i.test(s) ? s.slice('simplecoin:'.length) : s;
  const m = /^([a-z0-9]{8,120})(?:\?(.*))?$/i.exec(rest);
  if (!m) return null;
  const amount = /(?:^|&)amount=([^&]*)/.exec(m[2] ?? '');
  let value: string;
  try {
    value = amount ? decodeURIComponent(amount[1]!) : '';
  } catch {
    value = '';
  }
  return { to: m[1]!.toLowerCase(), amount: /^\d{0,12}(\.\d{0,8})?$/.test(value) ? value : '' };
}
