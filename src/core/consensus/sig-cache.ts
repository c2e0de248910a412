// Remembers transfers whose signatures verified, by txid, so a transaction checked on mempool
// admission is not checked again when its block arrives. The txid covers the signature, so a hit
// means these exact bytes verified. Bounded: the oldest entries go first.
// Reading path: stop 4, rules (src/core/READING.md).
import { verifyTransferSignature, type TransferTx } from '../primitives/tx';
import { BoundedSet } from '../util/bounded-map';

export class SigCache {
  private readonly verified: BoundedSet<string>;
  hits = 0;
  misses = 0;

  constructor(capacity = 50_000) {
    this.verified = new BoundedSet(capacity);
  }

  /** Verifies the signature of tx (whose txid hex is id), consulting and filling the cache. */
  verify(tx: TransferTx, id: string): boolean {
    if (this.verified.has(id)) {
      this.hits++;
      return true;
    }
    this.misses++;
    if (!verifyTransferSignature(tx)) return false;
    this.verified.add(id);
    return true;
  }

  get size(): number {
    return this.verified.size;
  }
}
