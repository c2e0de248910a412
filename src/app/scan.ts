// What a scanned QR code (or an opened payment link) does to the send form: a payment request
// fills in its recipient, and its amount where it names one; anything else is explained and the
// form is left as the user typed it. The address itself is checked by the send form, which says
// when it belongs to another network.
import { parsePaymentRequest, type ParsedRequest } from '../core/wallet/request';
import { t } from './i18n/i18n';

export interface SendFields {
  to: string;
  amount: string;
}

/** Reads a scanned code: the request it holds, or why it was not taken. */
export function readScan(text: string): { request: ParsedRequest } | { error: string } {
  const request = parsePaymentRequest(text);
  return request ? { request } : { error: t('scan.notOurs') };
}

/** The send form's fields once `request` is taken: an amount-less request keeps the typed amount. */
export function fillFromRequest(fields: SendFields, request: ParsedRequest): SendFields {
  return { to: request.to, amount: request.amount || fields.amount };
}
