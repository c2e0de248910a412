// What the layers below the app throw, said in the user's language. Each error carries a stable
// code and params where it is thrown (core/protocol/coded-error.ts); here every code maps to the
// catalogue key `err.<code>` (en/errors.ts), and a closed peer's code to `close.<code>`.
// tests/unit/app/i18n.test.ts fails if a code below lacks a message in any language.
import { CodedError, type ErrorParams } from '../../core/protocol/coded-error';
import { ADDRESS_ERRORS } from '../../core/primitives/address';
import { AMOUNT_ERRORS, formatCoins } from '../../core/wallet/amount';
import { PHRASE_ERRORS } from '../../core/wallet/phrase-words';
import { SEND_ERRORS } from '../../core/wallet/send';
import { NETWORK_NAME_ERRORS } from '../../core/protocol/networks';
import { KEYSTORE_ERRORS, MINING_ERRORS, SIGNAL_SPEC_ERRORS, SLOT_ERRORS, STORAGE_ERRORS } from '../../node/error-codes';
import { CLOSE_CODES, type CloseCode } from '../../node/p2p/close-codes';
import { t, type Params } from './i18n';

/** Every code a CodedError below the app can carry. */
export const ERROR_CODES = [
  ...ADDRESS_ERRORS,
  ...AMOUNT_ERRORS,
  ...PHRASE_ERRORS,
  ...SEND_ERRORS,
  ...NETWORK_NAME_ERRORS,
  ...KEYSTORE_ERRORS,
  ...STORAGE_ERRORS,
  ...SLOT_ERRORS,
  ...SIGNAL_SPEC_ERRORS,
  ...MINING_ERRORS,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export { CLOSE_CODES };

export const errorKey = (code: ErrorCode) => `err.${code}` as const;
export const closeKey = (code: CloseCode) => `close.${code}` as const;

const known = new Set<string>(ERROR_CODES);
const isErrorCode = (code: string): code is ErrorCode => known.has(code);

/** Amounts (bigint base units) in coins; the rest as t() formats them. */
const shown = (params: ErrorParams): Params => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'bigint' ? formatCoins(v) : v]));

/** The code's message in the active language. */
export const errorText = (code: ErrorCode, params: ErrorParams = {}): string => t(errorKey(code), shown(params));

/** What to show for a caught error: a coded one in the user's language, anything else as it says. */
export function describeError(error: unknown): string {
  if (error instanceof CodedError && isErrorCode(error.code)) return errorText(error.code, error.params);
  return error instanceof Error ? error.message : String(error);
}

/** Why a peer's connection ended, in a few words. */
export const closeText = (code: CloseCode): string => t(closeKey(code));
