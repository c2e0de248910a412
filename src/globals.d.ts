/** Set by vite.config.ts: distinguishes two builds of the same sources. */
declare const __BUILD_ID__: string;
/** Set by vite.config.ts from package.json: the release this build is. */
declare const __APP_VERSION__: string;

/** siphash 1.2.0 (jedisct1/siphash-js) ships no types: the one function we use. */
declare module 'siphash' {
  /** SipHash-2-4 of m under a 128-bit key given as four little-endian 32-bit words; the 64-bit result as its high and low halves. */
  export function hash(key: ArrayLike<number>, m: Uint8Array | string): { h: number; l: number };
  const SipHash: { hash: typeof hash };
  export default SipHash;
}
