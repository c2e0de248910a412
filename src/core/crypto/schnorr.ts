// BIP340 Schnorr signatures: the one place SimpleCoin signs and verifies, for transfers
// (primitives/tx.ts) and handshakes (p2p/handshake.ts), over @noble/secp256k1. The BIP340 test
// vectors run through these functions (tests/unit/core/vectors.test.ts).
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
import { schnorr } from '@noble/secp256k1';
import '../primitives/secp-setup';

/** The x-only public key (32 bytes) of a secret key. */
export const publicKeyOf = (secretKey: Uint8Array): Uint8Array => schnorr.getPublicKey(secretKey);

/** Signs message; auxRand is BIP340's 32 bytes of fresh randomness (drawn by noble when omitted). */
export const signSchnorr = (message: Uint8Array, secretKey: Uint8Array, auxRand?: Uint8Array): Uint8Array => schnorr.sign(message, secretKey, auxRand);

/** Whether signature is valid for message under publicKey. A malformed key or signature is simply invalid. */
export function verifySchnorr(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return schnorr.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
