// How the UI names a peer: its nickname if it announced one, else "peer" and the start of its
// node key (shown beside an identicon of the key). Never its PeerJS id.
import type { PeerView } from '../node/p2p/network';
import type { ClosedPeer } from '../node/p2p/pool';
import { t } from './i18n/i18n';
import { closeText } from './i18n/errors';
import type { CloseCode } from '../node/p2p/close-codes';

export function peerName(p: Pick<PeerView, 'nodeKey' | 'profile'>): string {
  return p.profile?.nickname || t('net.peerName', { key: p.nodeKey.slice(0, 6) });
}

/** A lab member's name from its node key: "you" for this tab, else the peer's name as above. */
export function memberName(keyHex: string, myKeyHex: string, peers: ReadonlyArray<Pick<PeerView, 'nodeKey' | 'profile'>>): string {
  if (keyHex === myKeyHex) return t('lab.you');
  const peer = peers.find((p) => p.nodeKey === keyHex);
  return peerName(peer ?? { nodeKey: keyHex, profile: null });
}

/** "3 in the last 10 min: 2 no answer to heartbeats, 1 peer closed" — a summary by kind, not a list. */
export function summariseClosed(closed: readonly ClosedPeer[], now: number, windowMs = 10 * 60_000): { count: number; reasons: Array<[string, number]> } {
  const recent = closed.filter((c) => now - c.at <= windowMs);
  const byCode = new Map<CloseCode, number>();
  for (const c of recent) byCode.set(c.code, (byCode.get(c.code) ?? 0) + 1);
  const reasons = [...byCode].sort((a, b) => b[1] - a[1]).map(([code, n]): [string, number] => [closeText(code), n]);
  return { count: recent.length, reasons };
}
