// The bits every block must carry: ASERT from the genesis anchor, or the genesis bits where the
// network does not retarget (regtest).
import { asertTarget } from '../pow/asert';
import { encodeBits } from '../pow/compact';
import type { NetworkParams } from '../protocol/networks';

export function nextBits(params: NetworkParams, parent: { height: number; time: number }): number {
  if (!params.retarget) return params.genesis.header.bits;
  const target = asertTarget(params.asertAnchor, parent.height, parent.time, params);
  return encodeBits(target);
}

/** The median of the last MEDIAN_TIME_SPAN block times (BIP113's median time past). */
export function medianTime(times: number[]): number {
  if (times.length === 0) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
