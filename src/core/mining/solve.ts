// A plain proof-of-work search over the header nonce, hashing the whole header each try. It is
// the reference the fast kernels are tested against, and enough for regtest's trivial targets.
// Reading path: stop 8, mining (src/core/READING.md).
import { headerHash, hashValue } from '../primitives/header';
import { targetFromBits } from '../pow/compact';
import type { Block } from '../primitives/block';

/** Finds a nonce in [start, start + tries) whose header hash meets the target; returns it or null. */
export function solveBlock(block: Block, tries = 0x1_0000_0000, start = 0): number | null {
  const target = targetFromBits(block.header.bits);
  if (target === null) return null;
  const header = { ...block.header };
  for (let i = 0; i < tries && start + i <= 0xffffffff; i++) {
    header.nonce = start + i;
    if (hashValue(headerHash(header)) <= target) {
      block.header.nonce = header.nonce;
      return header.nonce;
    }
  }
  return null;
}
