// Peer authentication, bound to the link. Each side sends a random challenge in its version
// message; the other answers with a BIP340 signature by its node key over a transcript of both
// challenges, both keys, the network, and the link's identity as each end sees it (its channel
// binding: the DTLS certificate fingerprints of a WebRTC link, RFC 8122). A man in the middle
// runs two links with two different bindings, so a signature it relays from one to the other
// does not verify (protocol 2; protocol 1 signed the challenge alone and could be relayed).
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import { taggedHash } from '../crypto/hash';
import { signSchnorr, verifySchnorr } from '../crypto/schnorr';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';

export const HANDSHAKE_TAG = 'SimpleCoin/handshake/2';
/** A link identity is at most this long (a fingerprint is 32 bytes, a transport id at most 64). */
export const MAX_LINK_ID_BYTES = 255;

/** A link's identity as one end observes it: its own end, and the other end. */
export interface LinkBinding {
  local: Uint8Array;
  remote: Uint8Array;
}

/** What one signature covers. The signer proves its key on the link both ends describe. */
export interface HandshakeTranscript {
  genesis: Uint8Array;
  signerKey: Uint8Array;
  verifierKey: Uint8Array;
  /** The challenge being answered: the verifier's. */
  verifierChallenge: Uint8Array;
  signerChallenge: Uint8Array;
  /** The signer's end of the link, and the verifier's end. */
  signerLink: Uint8Array;
  verifierLink: Uint8Array;
}

/** The transcript one end signs: its own key, challenge and end of the link first. */
export function signerTranscript(genesis: Uint8Array, own: { key: Uint8Array; challenge: Uint8Array }, peer: { key: Uint8Array; challenge: Uint8Array }, link: LinkBinding): HandshakeTranscript {
  return { genesis, signerKey: own.key, verifierKey: peer.key, verifierChallenge: peer.challenge, signerChallenge: own.challenge, signerLink: link.local, verifierLink: link.remote };
}

/** The transcript one end checks the other's signature against: the mirror image. */
export function verifierTranscript(genesis: Uint8Array, own: { key: Uint8Array; challenge: Uint8Array }, peer: { key: Uint8Array; challenge: Uint8Array }, link: LinkBinding): HandshakeTranscript {
  return signerTranscript(genesis, peer, own, { local: link.remote, remote: link.local });
}

/** The canonical bytes under the tag: fixed fields, then each link id with a u8 length. */
export function transcriptBytes(t: HandshakeTranscript): Uint8Array {
  for (const id of [t.signerLink, t.verifierLink]) {
    if (id.length === 0 || id.length > MAX_LINK_ID_BYTES) throw new CodecError(`a link id of ${id.length} bytes is outside 1..${MAX_LINK_ID_BYTES}`);
  }
  return new Writer(256)
    .fixed(t.genesis, 32)
    .fixed(t.verifierChallenge, 32)
    .fixed(t.signerChallenge, 32)
    .fixed(t.signerKey, 32)
    .fixed(t.verifierKey, 32)
    .bytes8(t.signerLink)
    .bytes8(t.verifierLink)
    .finish();
}

export function handshakeMessage(t: HandshakeTranscript): Uint8Array {
  return taggedHash(HANDSHAKE_TAG, transcriptBytes(t));
}

export function signHandshake(t: HandshakeTranscript, secret: Uint8Array, aux: Uint8Array): Uint8Array {
  return signSchnorr(handshakeMessage(t), secret, aux);
}

export const verifyHandshake = (signature: Uint8Array, t: HandshakeTranscript): boolean => verifySchnorr(signature, handshakeMessage(t), t.signerKey);
