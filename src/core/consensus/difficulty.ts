// The bits every block must carry (docs/PROTOCOL.md, "Difficulty"). Blocks 1 and 2 carry the
// genesis bits; every later block follows ASERT from an anchor block at the launch target, which
// is also the easiest target ever allowed (powLimit). Issue 15: ASERT anchored at block 1 alone
// let the first miner backdate block 1 to genesis + 1 s, so the schedule believed the chain was
// days behind and the target fell to the old limit (2^240): an instamine. Two rules close it:
//  - a floor: the target is never easier than the launch target, so lying about time can only
//    bring difficulty back to where the network started;
//  - a moving anchor: a block whose child would get the floor becomes the anchor itself, so time
//    spent at the floor is forgotten rather than owed. Without it a chain that was ever "behind"
//    (a backdated block 1, or days without miners) would let the next strong miner mine at the
//    floor until the schedule caught up, and backdating would pay again.
// Regtest keeps the genesis bits.
// Reading path: stop 3, proof of work (src/core/READING.md).
import { asertTarget } from '../pow/asert';
import { encodeBits } from '../pow/compact';
import type { NetworkParams } from '../protocol/networks';

/** The block ASERT's schedule is anchored at: it carried (or its child carries) the launch target. */
export interface DifficultyAnchor {
  height: number;
  time: number;
}

export interface DifficultyParent {
  height: number;
  time: number;
  /** The anchor on the parent's branch (anchorAfter of the parent); null when the parent is genesis. */
  anchor: DifficultyAnchor | null;
}

/** The target a child of (height, time) gets under ASERT from anchor, clamped to the launch target. */
function scheduledTarget(params: NetworkParams, anchor: DifficultyAnchor, height: number, time: number): bigint {
  return asertTarget({ height: anchor.height, parentTime: anchor.time - params.spacing, target: params.powLimit }, height, time, params);
}

export function nextBits(params: NetworkParams, parent: DifficultyParent): number {
  if (!params.retarget || parent.height === 0 || parent.anchor === null) return params.genesis.header.bits;
  return encodeBits(scheduledTarget(params, parent.anchor, parent.height, parent.time));
}

/**
 * The anchor for a block's children, from the anchor of its parent's branch. Block 1 anchors
 * itself; a later block becomes the anchor when its child's target is the floor (then ASERT from
 * it gives that same floor, so the bits do not change, only what the schedule remembers).
 */
export function anchorAfter(params: NetworkParams, parentAnchor: DifficultyAnchor | null, block: DifficultyAnchor): DifficultyAnchor | null {
  if (!params.retarget || block.height === 0) return null;
  if (parentAnchor === null || scheduledTarget(params, parentAnchor, block.height, block.time) >= params.powLimit) return { height: block.height, time: block.time };
  return parentAnchor;
}

/** The median of the last MEDIAN_TIME_SPAN block times (BIP113's median time past). */
export function medianTime(times: number[]): number {
  if (times.length === 0) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
