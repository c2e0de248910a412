// The merkle root over txids, Bitcoin's construction: pair and double-hash each level, repeating the
// last hash of an odd level. That repetition lets two different tx lists share a root
// (CVE-2012-2459), so a block with a duplicate txid is invalid (rule bad-txns-duplicate).
// Reading path: stop 2, primitives (src/core/READING.md).
import { sha256d } from '../crypto/hash';
import { concatBytes } from '../encoding/bytes';

export function merkleRoot(txids: Uint8Array[]): Uint8Array {
  if (txids.length === 0) return new Uint8Array(32);
  let level = txids;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1] ?? left;
      next.push(sha256d(concatBytes(left, right)));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}
