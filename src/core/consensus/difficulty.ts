// The bits every block must carry. Block 1 carries the genesis bits. Every later block follows
// ASERT anchored at block 1: the schedule starts when the network is first mined, not at the
// genesis time, so a classroom network started months after its (fixed) genesis time does not
// begin with months of "late" blocks at the easiest target. Regtest keeps the genesis bits.
import { asertTarget } from '../pow/asert';
import { encodeBits, targetFromBits } from '../pow/compact';
import type { NetworkParams } from '../protocol/networks';

export interface DifficultyParent {
  height: number;
  time: number;
  /** Time of block 1 on the parent's branch (null when the parent is genesis). */
  firstBlockTime: number | null;
}

export function nextBits(params: NetworkParams, parent: DifficultyParent): number {
  const genesisBits = params.genesis.header.bits;
  if (!params.retarget || parent.height === 0 || parent.firstBlockTime === null) return genesisBits;
  const anchor = { height: 1, parentTime: parent.firstBlockTime - params.spacing, target: targetFromBits(genesisBits) as bigint };
  return encodeBits(asertTarget(anchor, parent.height, parent.time, params));
}

/** The median of the last MEDIAN_TIME_SPAN block times (BIP113's median time past). */
export function medianTime(times: number[]): number {
  if (times.length === 0) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
