// Bundled for a blank Chromium page by bench/verify.bench.ts: BIP340 verification rates of
// @noble/secp256k1 (what SimpleCoin ships) and @noble/curves, over the same signed message.
import { schnorr as secpSchnorr } from '@noble/secp256k1';
import { schnorr as curvesSchnorr } from '@noble/curves/secp256k1.js';
import '../src/core/primitives/secp-setup';

const secret = new Uint8Array(32).fill(7);
const message = new Uint8Array(32).fill(9);
const publicKey = secpSchnorr.getPublicKey(secret);
const signature = secpSchnorr.sign(message, secret, new Uint8Array(32));

const libs = {
  'noble-secp256k1': (sig: Uint8Array) => secpSchnorr.verify(sig, message, publicKey),
  'noble-curves': (sig: Uint8Array) => curvesSchnorr.verify(sig, message, publicKey),
};

/** Verifications per second of lib over about ms milliseconds (a bad signature must fail, a good one pass). */
export function verifyRate(lib: keyof typeof libs, ms: number): number {
  const verify = libs[lib];
  const bad = signature.map((b, i) => (i === 40 ? b ^ 1 : b));
  if (!verify(signature) || verify(bad)) throw new Error(`${lib} disagrees with BIP340`);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (!verify(signature)) throw new Error('verification failed');
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}
