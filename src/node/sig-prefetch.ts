// Signature verification ahead of connection (initial block download): when a block is handed to
// the chain, its transfers that the SigCache does not hold go to a worker pool, and the block's
// turn in the chain's queue waits until their verdicts are in (block-intake.ts). A valid verdict
// prefills the cache; an invalid one is not recorded, so the block's checks verify that signature
// again inline and refuse it with tx-bad-sig, exactly as without the pool. The order blocks connect
// in, and what a peer is blamed for, do not change. Only a block whose header we already indexed
// (headers first: its proof of work checked, its chain leading to more work than our tip) is sent:
// a stranger's unsolicited or low-work block must not buy signature checks before its header is
// judged.
import { blockHash, decodeBlock, type Block } from '../core/primitives/block';
import { txid } from '../core/primitives/tx';
import { toHex } from '../core/encoding/bytes';
import { isTransfer } from '../core/consensus/tx-rules';
import { sigCheckOf, type SigCache, type SigCheck } from '../core/consensus/sig-cache';
import { raiseUncaught } from '../core/util/fault';

/** What prefetching needs of a verifier (workers/verify-pool.ts): null means "not now, verify inline". */
export interface SignatureVerifier {
  verify(checks: Array<Omit<SigCheck, 'id'>>): Promise<boolean[]> | null;
}

/**
 * Sends input's unverified transfers to verifier, when `awaited(hashHex)` says its header is indexed
 * and its data still missing; settles once their verdicts are in the cache.
 * Never rejects: a block that does not decode is the chain's to refuse, and a verifier's failure
 * is raised uncaught (util/fault.ts) while the block goes on to be verified inline.
 */
export function prefetchSignatures(input: Uint8Array | Block, cache: SigCache, verifier: SignatureVerifier, awaited: (hashHex: string) => boolean): Promise<void> | undefined {
  let block: Block;
  try {
    block = input instanceof Uint8Array ? decodeBlock(input) : input;
  } catch {
    return undefined; // the chain decodes it again and refuses it with bad-encoding
  }
  if (!awaited(toHex(blockHash(block)))) return undefined;
  const checks: SigCheck[] = [];
  for (const tx of block.txs) {
    if (!isTransfer(tx)) continue;
    const id = toHex(txid(tx));
    if (!cache.has(id)) checks.push(sigCheckOf(tx, id));
  }
  if (checks.length === 0) return undefined; // nothing to wait for: the block keeps its turn
  const verdicts = verifier.verify(checks.map(({ sigHash, publicKey, signature }) => ({ sigHash, publicKey, signature })));
  if (!verdicts) return undefined;
  return verdicts.then(
    (valid) => checks.forEach((check, i) => cache.prefill(check, valid[i] === true)),
    (error: unknown) => raiseUncaught(error),
  );
}
