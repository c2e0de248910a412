// What the learn view shows: rejected objects with their rule, and reorgs as they happen. Written
// only by the adapter, from node events.
import type { Refusal } from '../node/refusal-log';

export class LearnState {
  /** Newest first; replaced whole on each refusal (node/refusal-log.ts), so not deeply reactive. */
  rejected = $state.raw<readonly Refusal[]>([]);
  /** Bumped on every tip change, so views re-query the chain. */
  tipVersion = $state(0);
  lastReorg = $state.raw<{ depth: number; at: number } | null>(null);
}
