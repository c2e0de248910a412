// Messages between the signature verification pool (main thread) and its workers, and the
// worker's answer as a function, so tests run it without a Worker.
import { verifySchnorr } from '../core/crypto/schnorr';

/** BIP340 (message, key, signature) triples: a block's transfers the SigCache does not hold. */
export interface VerifyRequest {
  jobId: number;
  checks: Array<{ sigHash: Uint8Array; publicKey: Uint8Array; signature: Uint8Array }>;
}

/** One verdict per check, in order; or the error the worker hit. */
export type VerifyReply = { jobId: number; valid: boolean[] } | { jobId: number; error: string };

export function answerVerify(request: VerifyRequest): VerifyReply {
  try {
    return { jobId: request.jobId, valid: request.checks.map((c) => verifySchnorr(c.signature, c.sigHash, c.publicKey)) };
  } catch (error) {
    return { jobId: request.jobId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
