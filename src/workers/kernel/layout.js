// The SIMD mining kernel's memory, in byte offsets: scripts/gen-kernel-wat.mjs writes these into
// the WAT, and src/workers/wasm-kernel.ts reads and writes the module's memory by them.
export const KERNEL_LAYOUT = Object.freeze({
  /** The header's midstate, u32[8]. */
  midstate: 0,
  /** The header's last three words before the nonce, u32[3]. */
  tail: 32,
  /** The target's first (most significant) word. */
  target0: 44,
  /** How many candidate nonces scan() wrote. */
  count: 48,
  /** The candidate nonces, u32[maxResults]. */
  results: 52,
  maxResults: 64,
  /** The lowest first word of a second hash seen, and its nonce. */
  bestWord: 320,
  bestNonce: 324,
});
