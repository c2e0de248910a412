// A diagnostic, not part of the node: signature verifications per second in this thread, for
// bench/verify.bench.ts through the tab's automation interface (app/automation.ts).
import { publicKeyOf, signTransfer, TX_KIND_TRANSFER, verifyTransferSignature } from '../core/primitives/tx';
import type { NetworkParams } from '../core/protocol/networks';

/** Verifies one signed transfer over and over for about ms milliseconds; returns verifications per second. */
export function measureVerifyRate(params: NetworkParams, ms: number, clock: () => number = () => performance.now()): number {
  const secret = new Uint8Array(32).fill(1);
  const tx = signTransfer(
    { kind: TX_KIND_TRANSFER, chainId: params.genesisHash, sender: publicKeyOf(secret), recipient: new Uint8Array(32), amount: 1n, fee: 1_000n, nonce: 0, memo: new Uint8Array(0) },
    secret,
    new Uint8Array(32),
  );
  let n = 0;
  const start = clock();
  while (clock() - start < ms) {
    if (!verifyTransferSignature(tx)) throw new Error('verification failed');
    n++;
  }
  return (n * 1000) / (clock() - start);
}
