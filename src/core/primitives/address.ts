// Addresses: bech32m (BIP350) of the 32-byte account key, with a human-readable prefix per network.
// Reading path: stop 2, primitives (src/core/READING.md).
import { bech32m } from '@scure/base';
import { CodedError } from '../protocol/coded-error';

/** Every way an address can be wrong (src/app/i18n/errors.ts says each in the user's language). */
export const ADDRESS_ERRORS = ['address-key-length', 'address-checksum', 'address-network', 'address-padding', 'address-length'] as const;
export type AddressErrorCode = (typeof ADDRESS_ERRORS)[number];

export class AddressError extends CodedError<AddressErrorCode> {
  override name = 'AddressError';
}

export function encodeAddress(hrp: string, key: Uint8Array): string {
  if (key.length !== 32) throw new AddressError('address-key-length', 'an account key is 32 bytes');
  return bech32m.encode(hrp, bech32m.toWords(key), 90);
}

/** Decodes an address of this network. Throws AddressError with a message fit for the user. */
export function decodeAddress(hrp: string, address: string): Uint8Array {
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32m.decode(address.trim() as `${string}1${string}`, 90);
  } catch {
    throw new AddressError('address-checksum', 'This is not a valid address: check for a typo (the checksum does not match).');
  }
  if (decoded.prefix !== hrp) {
    throw new AddressError('address-network', `This address is for another network ("${decoded.prefix}"); this network's addresses start with "${hrp}1".`, { prefix: decoded.prefix, hrp });
  }
  let key: Uint8Array;
  try {
    key = bech32m.fromWords(decoded.words);
  } catch {
    throw new AddressError('address-padding', 'This address has invalid padding.');
  }
  if (key.length !== 32) throw new AddressError('address-length', 'This address does not hold a 32-byte key.');
  return key;
}
