// Compact target encoding ("bits"), as Bitcoin's arith_uint256 SetCompact/GetCompact:
// one exponent byte and a 23-bit mantissa with a sign bit. target = mantissa * 256^(exponent-3).
// Reading path: stop 3, proof of work (src/core/READING.md).

export interface DecodedBits {
  target: bigint;
  negative: boolean;
  overflow: boolean;
}

export function decodeBits(bits: number): DecodedBits {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  const target = exponent <= 3 ? BigInt(mantissa >>> (8 * (3 - exponent))) : BigInt(mantissa) << BigInt(8 * (exponent - 3));
  const negative = mantissa !== 0 && (bits & 0x00800000) !== 0;
  const overflow = mantissa !== 0 && (exponent > 34 || (mantissa > 0xff && exponent > 33) || (mantissa > 0xffff && exponent > 32));
  return { target, negative, overflow };
}

export function encodeBits(target: bigint): number {
  if (target < 0n) throw new RangeError('target must be non-negative');
  let size = target === 0n ? 0 : Math.ceil(target.toString(16).length / 2);
  let compact: number;
  if (size <= 3) compact = Number(target << BigInt(8 * (3 - size)));
  else compact = Number(target >> BigInt(8 * (size - 3)));
  // The sign bit must stay clear: shift the mantissa down and grow the exponent.
  if (compact & 0x00800000) {
    compact >>>= 8;
    size += 1;
  }
  return ((size << 24) | compact) >>> 0;
}

/** The target a header's bits claim, or null if the bits are negative, zero or overflow. */
export function targetFromBits(bits: number): bigint | null {
  const { target, negative, overflow } = decodeBits(bits);
  if (negative || overflow || target === 0n) return null;
  return target;
}

/** Expected hashes to find a block at this target: 2^256 / (target + 1). */
export function workFromTarget(target: bigint): bigint {
  return (1n << 256n) / (target + 1n);
}

/** The work a header's bits claim. Only for checked bits (checkProofOfWork): others claim none. */
export function headerWork(bits: number): bigint {
  const target = targetFromBits(bits);
  if (target === null) throw new RangeError(`bits 0x${bits.toString(16)} encode no target: check proof of work first`);
  return workFromTarget(target);
}
