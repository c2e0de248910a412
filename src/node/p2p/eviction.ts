// Which peer to let go when slots run out, the way Bitcoin Core chooses (src/node/eviction.cpp
// SelectNodeToEvict, and EvictExtraOutboundPeers in net_processing.cpp). A stranger can open as
// many links as it likes; it cannot easily be faster than our best peers, bring us new blocks
// first, or have been connected longer. So those are the peers we protect. Pure functions.

export interface PeerStanding<T> {
  peer: T;
  /** When the link was adopted (ms). */
  connectedAt: number;
  /** Last measured ping round trip; null before the first pong. */
  latencyMs: number | null;
  /** When this peer last gave us a block that became our tip; null if never. */
  lastBlockAt: number | null;
}

/** Inbound peers kept for the lowest ping, and for the most recent new block. */
export const PROTECT_BY_LATENCY = 4;
export const PROTECT_BY_BLOCKS = 4;
/** An extra outbound peer gets this long to prove itself before it can be dropped. */
export const MIN_OUTBOUND_AGE_MS = 30_000;

/**
 * The inbound peer to drop for a newcomer, or null to refuse the newcomer. Protected: the
 * PROTECT_BY_LATENCY fastest, the PROTECT_BY_BLOCKS that most recently brought a new block, then
 * the longer-connected half of the rest. Of what is left the youngest goes (we have no network
 * groups to pick the most crowded one, as Bitcoin does).
 */
export function selectInboundToEvict<T>(candidates: PeerStanding<T>[]): T | null {
  let rest = [...candidates];
  const protect = (ranked: PeerStanding<T>[], n: number) => {
    const kept = new Set(ranked.slice(0, n));
    rest = rest.filter((c) => !kept.has(c));
  };
  protect(
    rest.filter((c) => c.latencyMs !== null).sort((a, b) => a.latencyMs! - b.latencyMs!),
    PROTECT_BY_LATENCY,
  );
  protect(
    rest.filter((c) => c.lastBlockAt !== null).sort((a, b) => b.lastBlockAt! - a.lastBlockAt!),
    PROTECT_BY_BLOCKS,
  );
  protect(
    [...rest].sort((a, b) => a.connectedAt - b.connectedAt),
    Math.floor(rest.length / 2),
  );
  if (rest.length === 0) return null;
  return rest.reduce((a, b) => (b.connectedAt > a.connectedAt ? b : a)).peer;
}

/**
 * With more outbound peers than the target: the one that least recently brought a new block,
 * the younger on a tie. Null while that peer is younger than MIN_OUTBOUND_AGE_MS (it gets its
 * chance first; ask again later).
 */
export function selectOutboundToDrop<T>(candidates: PeerStanding<T>[], now: number): T | null {
  if (candidates.length === 0) return null;
  const worst = candidates.reduce((a, b) => {
    const [ab, bb] = [a.lastBlockAt ?? -Infinity, b.lastBlockAt ?? -Infinity];
    if (ab !== bb) return bb < ab ? b : a;
    return b.connectedAt > a.connectedAt ? b : a;
  });
  return now - worst.connectedAt < MIN_OUTBOUND_AGE_MS ? null : worst.peer;
}
