// aserti3-2d: the absolutely scheduled exponentially rising targets algorithm, integer-only
// (Bitcoin Cash specification 2020-11-15-asert). The target doubles for every half-life the chain
// falls behind its ideal schedule since the anchor block, and halves for every half-life ahead.
// Reading path: stop 3, proof of work (src/core/READING.md).

export interface AsertParams {
  /** Ideal seconds between blocks. */
  spacing: number;
  /** Seconds behind schedule that double the target. */
  halfLife: number;
  /** The easiest allowed target (proof-of-work limit). */
  powLimit: bigint;
}

export interface AsertAnchor {
  height: number | bigint;
  /** Time of the anchor block's parent. */
  parentTime: number | bigint;
  target: bigint;
}

/**
 * The target for the block after the one at (height, time).
 * exponent = ((time - anchor.parentTime - spacing * (height - anchor.height + 1)) * 2^16) / halfLife,
 * with the division truncating toward zero as in the reference implementation.
 */
export function asertTarget(anchor: AsertAnchor, height: number | bigint, time: number | bigint, params: AsertParams): bigint {
  // bigint throughout: the published vectors cross 2^63 heights and 2^31 times.
  const timeDelta = BigInt(time) - BigInt(anchor.parentTime);
  const heightDelta = BigInt(height) - BigInt(anchor.height);
  const exponent = ((timeDelta - BigInt(params.spacing) * (heightDelta + 1n)) * 65536n) / BigInt(params.halfLife);
  // Arithmetic shift floors, so frac is always in [0, 65536).
  let shifts = exponent >> 16n;
  const frac = exponent - (shifts << 16n);
  // 2^(frac/65536) ~ 1 + (195766423245049 f + 971821376 f^2 + 5127 f^3 + 2^47) / 2^48, error < 0.013%.
  const factor = 65536n + ((195766423245049n * frac + 971821376n * frac * frac + 5127n * frac * frac * frac + (1n << 47n)) >> 48n);
  let next = anchor.target * factor;
  shifts -= 16n;
  if (shifts <= 0n) next >>= -shifts;
  else next <<= shifts;
  if (next === 0n) return 1n;
  if (next > params.powLimit) return params.powLimit;
  return next;
}
