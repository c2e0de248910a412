// Channel binding for WebRTC links: each end of a DTLS connection has a certificate, and the SDP
// carries its fingerprint (RFC 8122, `a=fingerprint:sha-256 AB:CD:…`). Once the channel is open,
// DTLS has checked the remote certificate against the remote description's fingerprint, so the
// pair (our fingerprint, theirs) names this one link. A relay in the middle cannot present either
// honest end's certificate, so the two links it joins have different pairs.
import type { LinkBinding } from '../core/p2p/handshake';

const FINGERPRINT = /^a=fingerprint:sha-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})\s*$/gm;

/**
 * The SHA-256 certificate fingerprint an SDP declares, or null if it has none or several that
 * differ (one RTCPeerConnection has one certificate, so every media section repeats the same).
 */
export function sdpFingerprint(sdp: string): Uint8Array | null {
  const found = new Set<string>();
  for (const m of sdp.matchAll(FINGERPRINT)) found.add(m[1]!.toLowerCase());
  if (found.size !== 1) return null;
  const hex = [...found][0]!.split(':');
  return new Uint8Array(hex.map((h) => parseInt(h, 16)));
}

/** The binding of an open RTCPeerConnection, or null before both descriptions are set. */
export function dtlsBinding(pc: Pick<RTCPeerConnection, 'localDescription' | 'remoteDescription'> | undefined): LinkBinding | null {
  const local = pc?.localDescription ? sdpFingerprint(pc.localDescription.sdp) : null;
  const remote = pc?.remoteDescription ? sdpFingerprint(pc.remoteDescription.sdp) : null;
  return local && remote ? { local, remote } : null;
}
