// The header's one word about the network: never more than the node knows. With no peers the
// chain cannot be "synced" with anyone: it is alone (signaling up) or offline (signaling down).
export interface StatusInput {
  /** The chain's own word: starting, synced, syncing a/b, read-only, paused, stopped. */
  syncStatus: string;
  peers: number;
  signalingState: string;
  browserOnline: boolean;
}

export type HeaderStatus = { word: string; explanation: string };

export function headerStatus(s: StatusInput): HeaderStatus {
  if (s.syncStatus !== 'synced') return { word: s.syncStatus, explanation: `The chain is ${s.syncStatus}.` };
  if (s.peers > 0) return { word: 'synced', explanation: `Up to date with the ${s.peers} connected peer${s.peers === 1 ? '' : 's'}.` };
  if (!s.browserOnline) return { word: 'offline', explanation: 'The browser is offline: no peers can reach this node.' };
  if (s.signalingState === 'reconnecting' || s.signalingState === 'disconnected') return { word: 'reconnecting', explanation: 'The signaling server is unreachable; the node keeps trying.' };
  if (s.signalingState === 'connected') return { word: 'alone', explanation: 'No peers are connected: this node mines and keeps its own chain until someone joins.' };
  return { word: 'connecting', explanation: 'Looking for the signaling server.' };
}
