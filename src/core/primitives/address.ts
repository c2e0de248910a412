// Addresses: bech32m (BIP350) of the 32-byte account key, with a human-readable prefix per network.
// Reading path: stop 2, primitives (src/core/READING.md).
import { bech32m } from '@scure/base';

export class AddressError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AddressError';
  }
}

export function encodeAddress(hrp: string, key: Uint8Array): string {
  if (key.length !== 32) throw new AddressError('an account key is 32 bytes');
  return bech32m.encode(hrp, bech32m.toWords(key), 90);
}

/** Decodes an address of this network. Throws AddressError with a message fit for the user. */
export function decodeAddress(hrp: string, address: string): Uint8Array {
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32m.decode(address.trim() as `${string}1${string}`, 90);
  } catch {
    throw new AddressError('This is not a valid address: check for a typo (the checksum does not match).');
  }
  if (decoded.prefix !== hrp) {
    throw new AddressError(`This address is for another network ("${decoded.prefix}"); this network's addresses start with "${hrp}1".`);
  }
  let key: Uint8Array;
  try {
    key = bech32m.fromWords(decoded.words);
  } catch {
    throw new AddressError('This address has invalid padding.');
  }
  if (key.length !== 32) throw new AddressError('This address does not hold a 32-byte key.');
  return key;
}
