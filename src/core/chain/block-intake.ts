// Submitted blocks wait their turn in the chain's serial queue. When several wait (a peer's batch
// during initial block download), they are accepted as one group: each is checked on its own,
// then one activation connects them all, CONNECT_BATCH blocks per write (activate.ts). A block
// at the tip arrives alone and is its own group, so its own transaction.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { Block } from '../primitives/block';
import type { IndexEntry } from './header-index';

/**
 * 'connected': the tip moved (to this block, or past it to orphans that were waiting for it).
 * 'low-work': a block on a branch that cannot become the best chain (no more work than our tip,
 * and not on the way to a header that has more). Its header was checked, its body was neither
 * verified nor stored (Bitcoin Core's AcceptBlock: fHasMoreOrSameWork).
 */
export type AcceptResult = 'connected' | 'stored' | 'orphan' | 'duplicate' | 'low-work';

/** A submitted block and the submitter waiting for its result. */
export interface Submitted {
  input: Uint8Array | Block;
  /**
   * Settles when the submitter's work ahead of this block is done (its signatures verified by a
   * worker pool into the SigCache): the block waits for it before its checks. It never decides
   * the result; a rejection is the submitter's failure and rejects only this block.
   */
  ready?: Promise<void>;
  resolve: (result: AcceptResult) => void;
  reject: (error: unknown) => void;
}

/** The chain's steps of accepting a block (chain.ts). */
export interface IntakeSteps<P> {
  tip(): IndexEntry;
  /** Triage and checks: an early result, or a block to hold while activating. */
  prepare(input: Uint8Array | Block): Promise<AcceptResult | P>;
  /** Activates the best chain with the blocks held. */
  activate(held: P[]): Promise<void>;
  /** After activation, one block's result (it throws the rule it broke). */
  settle(prepared: P, before: IndexEntry, alone: boolean): Promise<AcceptResult>;
}

/** Accepts group in order; every submitter learns its own block's result. Never rejects. */
export async function acceptGroup<P>(group: Submitted[], steps: IntakeSteps<P>): Promise<void> {
  if (group.length === 0) return;
  const before = steps.tip();
  const held: Array<{ prepared: P; item: Submitted }> = [];
  for (const item of group) {
    try {
      if (item.ready) await item.ready;
      const prepared = await steps.prepare(item.input);
      if (typeof prepared === 'string') item.resolve(prepared as AcceptResult);
      else held.push({ prepared: prepared as P, item });
    } catch (error) {
      item.reject(error);
    }
  }
  try {
    await steps.activate(held.map((h) => h.prepared));
  } catch (error) {
    // The write failed: nothing of the group connected, and memory is as it was.
    for (const h of held) h.item.reject(error);
    return;
  }
  for (const h of held) {
    try {
      h.item.resolve(await steps.settle(h.prepared, before, group.length === 1));
    } catch (error) {
      h.item.reject(error);
    }
  }
}
