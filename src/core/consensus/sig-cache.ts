// Remembers transfers whose signatures verified, by txid, so a transaction checked on mempool
// admission is not checked again when its block arrives. The txid covers the signature, so a hit
// means these exact bytes verified. Bounded: the oldest entries go first. During block download a
// worker pool may verify a waiting block's signatures ahead of connection (src/workers/verify-pool.ts):
// it is handed sigCheckOf's triple and its verdict comes back through prefill, which records only a
// valid one. A transfer the pool did not prove is verified here, inline, when its block connects.
// Reading path: stop 4, rules (src/core/READING.md).
import { transferSigHash, verifyTransferSignature, type TransferTx } from '../primitives/tx';
import { BoundedSet } from '../util/bounded-map';

/** One transfer's signature check, as a verifier elsewhere (a worker) needs it: BIP340's (message, key, signature). */
export interface SigCheck {
  /** The transfer's txid hex: what the cache records. */
  id: string;
  sigHash: Uint8Array;
  publicKey: Uint8Array;
  signature: Uint8Array;
}

/** The check that proves tx's signature (tx's txid hex is id). */
export function sigCheckOf(tx: TransferTx, id: string): SigCheck {
  return { id, sigHash: transferSigHash(tx), publicKey: tx.sender, signature: tx.signature };
}

export class SigCache {
  private readonly verified: BoundedSet<string>;
  hits = 0;
  misses = 0;
  /** Entries recorded from a verifier elsewhere (prefill), for the benchmarks and the node panel. */
  prefilled = 0;

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

  /** Whether tx id's signature is known to verify (a block's checks need not send it to a verifier). */
  has(id: string): boolean {
    return this.verified.has(id);
  }

  /**
   * Records the verdict a verifier elsewhere reached on check (built by sigCheckOf): a valid
   * signature is remembered; an invalid one is not, so connecting its block verifies it again
   * inline and refuses it there (tx-bad-sig), exactly as without the verifier.
   */
  prefill(check: SigCheck, valid: boolean): void {
    if (valid !== true) return;
    this.verified.add(check.id);
    this.prefilled++;
  }

  get size(): number {
    return this.verified.size;
  }
}
