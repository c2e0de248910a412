// Header rules: proof of work, difficulty bits, version, and time.
// Reading path: stop 4, rules (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { HEADER_VERSION, MAX_FUTURE_SPACINGS } from '../protocol/consensus';
import { targetFromBits } from '../pow/compact';
import { hashValue, type BlockHeader } from '../primitives/header';
import type { NetworkParams } from '../protocol/networks';

/** Contextless: the hash is below the target its bits claim, and the target is within the limit. */
export function checkProofOfWork(header: BlockHeader, hash: Uint8Array, params: NetworkParams): void {
  if (header.version !== HEADER_VERSION) throw new VerifyError('bad-version', `version ${header.version}, expected ${HEADER_VERSION}`);
  const target = targetFromBits(header.bits);
  if (target === null || target > params.powLimit) {
    throw new VerifyError('bad-diffbits', `bits 0x${header.bits.toString(16)} do not encode a target within the limit`);
  }
  if (hashValue(hash) > target) throw new VerifyError('bad-pow', 'header hash is above its target');
}

export interface HeaderContext {
  expectedBits: number;
  medianTimePast: number;
  /** The node's clock, in seconds. */
  now: number;
}

/** Contextual: the bits the difficulty algorithm demands, and a time within bounds. */
export function checkHeaderContext(header: BlockHeader, ctx: HeaderContext, params: NetworkParams): void {
  if (header.bits !== ctx.expectedBits) {
    throw new VerifyError('bad-diffbits', `bits 0x${header.bits.toString(16)}, expected 0x${ctx.expectedBits.toString(16)}`);
  }
  if (header.time <= ctx.medianTimePast) {
    throw new VerifyError('time-too-old', `time ${header.time} is not after the median time past ${ctx.medianTimePast}`);
  }
  const limit = ctx.now + MAX_FUTURE_SPACINGS * params.spacing;
  if (header.time > limit) {
    // Not the sender's fault for sure (clocks differ), and the block may become valid later.
    throw new VerifyError('time-too-new', `time ${header.time} is more than ${MAX_FUTURE_SPACINGS * params.spacing} s ahead of ${ctx.now}`, 0);
  }
}
