// What the learn view shows: rejected objects with their rule, and reorgs as they happen.
export interface RejectedEntry {
  kind: 'header' | 'block' | 'tx';
  id: string;
  code: string;
  reason: string;
  explanation: string;
  at: number;
}

export class LearnState {
  /** Replaced whole on each refusal (adapter.ts), so not deeply reactive. */
  rejected = $state.raw<RejectedEntry[]>([]);
  /** Bumped on every tip change, so views re-query the chain. */
  tipVersion = $state(0);
  lastReorg = $state<{ depth: number; at: number } | null>(null);
}
