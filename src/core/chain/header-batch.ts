// Judging a headers message before anything of it is stored (Bitcoin Core's anti-DoS work check,
// net_processing's ProcessHeadersMessage): does it form one chain, does it connect to a header we
// know, does each header carry its own proof of work (contextless, as Core's CheckHeadersPoW), and
// how much work does its last header lead to. One hash per header and no storage: it can run on
// anything a stranger sends.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { toHex, bytesEqual } from '../encoding/bytes';
import { headerHash, type BlockHeader } from '../primitives/header';
import { headerWork } from '../pow/compact';
import type { HeaderIndex, IndexEntry } from './header-index';
import type { NetworkParams } from '../protocol/networks';
import { VerifyError } from '../protocol/verify-error';
import { checkProofOfWork } from '../consensus/header-rules';

export type BatchShape =
  /** A header fails its own proof of work (or version, or bits range): blamed whatever its work. */
  | { kind: 'invalid'; at: number; hashes: Uint8Array[]; error: VerifyError }
  /** A header does not build on the one before it: the sender broke the protocol. */
  | { kind: 'not-continuous'; at: number }
  /** The first header's parent is not in our index: ask for headers from our best header. */
  | { kind: 'unconnected'; hashes: Uint8Array[] }
  /** parent is in our index; work is the cumulative work of the last header (as its bits claim). */
  | { kind: 'connects'; parent: IndexEntry; hashes: Uint8Array[]; work: bigint };

/** The shape of a non-empty run of headers against our index. */
export function judgeBatch(index: HeaderIndex, headers: BlockHeader[], params: NetworkParams): BatchShape {
  const hashes = headers.map(headerHash);
  for (let i = 0; i < headers.length; i++) {
    if (i > 0 && !bytesEqual((headers[i] as BlockHeader).prevHash, hashes[i - 1] as Uint8Array)) return { kind: 'not-continuous', at: i };
    try {
      checkProofOfWork(headers[i] as BlockHeader, hashes[i] as Uint8Array, params);
    } catch (error) {
      if (error instanceof VerifyError) return { kind: 'invalid', at: i, hashes, error };
      throw error;
    }
  }
  const parent = index.get(toHex((headers[0] as BlockHeader).prevHash));
  if (!parent) return { kind: 'unconnected', hashes };
  let work = parent.work;
  for (const h of headers) work += headerWork(h.bits);
  return { kind: 'connects', parent, hashes, work };
}
