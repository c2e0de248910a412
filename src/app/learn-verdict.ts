// The verdict a lesson exhibit shows for a block: the node's own rule functions, run in the order
// Chain.accept runs them (proof of work, header context, block sanity, then the state rules of
// connecting), so an edited block turns invalid with the exact rule ID the node would give.
// Nothing here decides validity itself; it only gathers the context the rules need.
import { VerifyError } from '../core/protocol/verify-error';
import type { RuleId } from '../core/protocol/rules';
import type { NetworkParams } from '../core/protocol/networks';
import { encodeBlock, type Block } from '../core/primitives/block';
import { headerHash, type BlockHeader } from '../core/primitives/header';
import { checkHeaderContext, checkProofOfWork, type HeaderContext } from '../core/consensus/header-rules';
import { checkBlockSanity } from '../core/consensus/block-rules';
import { checkTransferSanity } from '../core/consensus/tx-rules';
import { txid, type TransferTx } from '../core/primitives/tx';
import { connectBlockEffects, type AccountLookup } from '../core/consensus/connect';
import { SigCache } from '../core/consensus/sig-cache';
import { anchorAfter, medianTime, nextBits, type DifficultyAnchor } from '../core/consensus/difficulty';
import { MEDIAN_TIME_SPAN } from '../core/protocol/consensus';
import { decodeUndo } from '../core/state/account';
import { toHex } from '../core/encoding/bytes';
import type { Chain } from '../core/chain/chain';

export interface Verdict {
  ok: boolean;
  code: RuleId | null;
  reason: string;
  explanation: string;
}

export interface BlockContext extends HeaderContext {
  /** Height the block would have. */
  height: number;
  /** The account state before the block, when known: the state rules run only then. */
  lookup: AccountLookup | null;
}

export const VALID: Verdict = { ok: true, code: null, reason: '', explanation: '' };

export function verdictOf(error: unknown): Verdict {
  if (error instanceof VerifyError) return { ok: false, code: error.code, reason: error.reason, explanation: error.explanation };
  throw error;
}

/** Runs every rule the node runs on a block arriving with this parent context. */
export function judgeBlock(block: Block, ctx: BlockContext, params: NetworkParams): Verdict {
  try {
    let bytes: Uint8Array;
    try {
      bytes = encodeBlock(block);
    } catch (error) {
      // An edited field outside its type's range (u32, u64) has no encoding at all.
      throw new VerifyError('bad-encoding', (error as Error).message);
    }
    checkProofOfWork(block.header, headerHash(block.header), params);
    checkHeaderContext(block.header, ctx, params);
    // A fresh cache: a cached signature would skip the check the lesson is about.
    const checked = checkBlockSanity(block, bytes.length, params, new SigCache());
    if (ctx.lookup) connectBlockEffects(checked, ctx.height, ctx.lookup, params);
    return VALID;
  } catch (error) {
    return verdictOf(error);
  }
}

/**
 * The context of a block at `height` on the active chain, as the node built it. For the tip the
 * state before it is rebuilt from its undo data, so the state rules run too.
 */
export async function activeContext(chain: Chain, height: number, now: number): Promise<BlockContext> {
  const parent = chain.entryAt(height - 1);
  let lookup: AccountLookup | null = null;
  if (height === chain.height) {
    const undoBytes = await chain.store.getUndo(chain.tip.hashHex);
    if (undoBytes) {
      const before = new Map(decodeUndo(undoBytes).map((u) => [toHex(u.key), u.before]));
      lookup = (k) => (before.has(k) ? (before.get(k) ?? null) : chain.account(k));
    }
  }
  return { height, expectedBits: chain.bitsAfter(parent), medianTimePast: chain.index.medianTimePast(parent), now, lookup };
}

/** An unedited block below the copies, and the difficulty anchor the node keeps for its children. */
export interface EditBase {
  height: number;
  anchor: DifficultyAnchor | null;
}

/**
 * The context of a block whose ancestors may be edited copies: `headerAt(h)` returns the header
 * at each height as the learner's copy has it, and every block above `base` may be edited. Bits,
 * the difficulty anchor and median time come from the core functions.
 */
export function editedContext(params: NetworkParams, height: number, headerAt: (h: number) => BlockHeader, now: number, base: EditBase): BlockContext {
  const parentHeight = height - 1;
  const parent = headerAt(parentHeight);
  const times: number[] = [];
  for (let h = parentHeight; h >= 0 && times.length < MEDIAN_TIME_SPAN; h--) times.push(headerAt(h).time);
  let anchor = base.anchor;
  for (let h = base.height + 1; h <= parentHeight; h++) anchor = anchorAfter(params, anchor, { height: h, time: headerAt(h).time });
  const expectedBits = nextBits(params, { height: parentHeight, time: parent.time, anchor });
  return { height, expectedBits, medianTimePast: medianTime(times), now, lookup: null };
}

/** The context of a new block on the tip of a chain (a lesson network's, here): every rule applies. */
export function tipContext(chain: Chain, now: number): BlockContext {
  const tip = chain.tip;
  return { height: tip.height + 1, expectedBits: chain.bitsAfter(tip), medianTimePast: chain.index.medianTimePast(tip), now, lookup: (k) => chain.account(k) };
}

/**
 * Verdicts for a run of consecutive blocks: each by its own rules against its (copied) parent,
 * and a block whose parent is invalid is invalid too, as the node marks descendants (bad-prevblk).
 */
export function judgeRun(blocks: Block[], contexts: BlockContext[], params: NetworkParams): Verdict[] {
  const out: Verdict[] = [];
  blocks.forEach((block, i) => {
    const own = judgeBlock(block, contexts[i] as BlockContext, params);
    const parent = out[i - 1];
    out.push(own.ok && parent && !parent.ok ? verdictOf(new VerifyError('bad-prevblk', 'parent is invalid')) : own);
  });
  return out;
}

/** A transfer's own rules, as mempool admission and block sanity run them (signature last). */
export function judgeTransfer(tx: TransferTx, params: NetworkParams): Verdict {
  try {
    checkTransferSanity(tx, toHex(txid(tx)), params, new SigCache());
    return VALID;
  } catch (error) {
    return verdictOf(error);
  }
}
