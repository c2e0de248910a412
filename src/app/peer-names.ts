// How the UI names a peer: its nickname if it announced one, else "peer" and the start of its
// node key (shown beside an identicon of the key). Never its PeerJS id.
import type { PeerView } from '../node/p2p/network';
import type { ClosedPeer } from '../node/p2p/pool';
import { t } from './i18n/i18n';

export function peerName(p: Pick<PeerView, 'nodeKey' | 'profile'>): string {
  return p.profile?.nickname || t('net.peerName', { key: p.nodeKey.slice(0, 6) });
}

/** A lab member's name from its node key: "you" for this tab, else the peer's name as above. */
export function memberName(keyHex: string, myKeyHex: string, peers: ReadonlyArray<Pick<PeerView, 'nodeKey' | 'profile'>>): string {
  if (keyHex === myKeyHex) return t('lab.you');
  const peer = peers.find((p) => p.nodeKey === keyHex);
  return peerName(peer ?? { nodeKey: keyHex, profile: null });
}

/** "3 in the last 10 min: 2 no answer to heartbeats, 1 peer closed" — a summary, not a list. */
export function summariseClosed(closed: readonly ClosedPeer[], now: number, windowMs = 10 * 60_000): { count: number; reasons: Array<[string, number]> } {
  const recent = closed.filter((c) => now - c.at <= windowMs);
  const byReason = new Map<string, number>();
  for (const c of recent) {
    // "peer closed: duplicate: …" → "peer closed": the kind of reason, not each detail.
    const kind = c.reason.split(':')[0]?.trim() || 'closed';
    byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
  }
  return { count: recent.length, reasons: [...byReason].sort((a, b) => b[1] - a[1]) };
}
