// Hash functions: SHA-256, double SHA-256 (proof of work, ids) and BIP340 tagged hashes
// (signature messages), all from @noble/hashes.
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../encoding/bytes';

export { sha256 };

export const sha256d = (data: Uint8Array): Uint8Array => sha256(sha256(data));

const tagCache = new Map<string, Uint8Array>();

/** BIP340 tagged hash: sha256(sha256(tag) || sha256(tag) || data). */
export function taggedHash(tag: string, ...data: Uint8Array[]): Uint8Array {
  let prefix = tagCache.get(tag);
  if (!prefix) {
    const t = sha256(utf8(tag));
    prefix = concatBytes(t, t);
    tagCache.set(tag, prefix);
  }
  return sha256(concatBytes(prefix, ...data));
}
