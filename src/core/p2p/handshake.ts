// Peer authentication. Each side sends a random challenge in its version message; the other signs
// it with its node key (BIP340) together with the network and both keys, proving it holds the key
// it claims. A peer is known by this key, not by its PeerJS id, which anyone could reuse.
import { schnorr } from '@noble/secp256k1';
import { taggedHash } from '../crypto/hash';
import '../primitives/secp-setup';

export const HANDSHAKE_TAG = 'SimpleCoin/handshake';

function message(challenge: Uint8Array, genesis: Uint8Array, signerKey: Uint8Array, verifierKey: Uint8Array): Uint8Array {
  return taggedHash(HANDSHAKE_TAG, challenge, genesis, signerKey, verifierKey);
}

export function signChallenge(challenge: Uint8Array, genesis: Uint8Array, secret: Uint8Array, signerKey: Uint8Array, verifierKey: Uint8Array, aux: Uint8Array): Uint8Array {
  return schnorr.sign(message(challenge, genesis, signerKey, verifierKey), secret, aux);
}

export function verifyChallenge(signature: Uint8Array, challenge: Uint8Array, genesis: Uint8Array, signerKey: Uint8Array, verifierKey: Uint8Array): boolean {
  try {
    return schnorr.verify(signature, message(challenge, genesis, signerKey, verifierKey), signerKey);
  } catch {
    return false;
  }
}
