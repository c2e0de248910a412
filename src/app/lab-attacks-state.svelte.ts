// What the lab's scenarios 1 (double spend by race), 2 (history rewrite) and 4 (selfish mining)
// show: each run as its tool reports it, and the narration, put in words by the view (so it reads
// in the language chosen now). Fed by lab-race-actions.ts, lab-rewrite-actions.ts and lab-selfish-actions.ts.
import type { MessageKey } from './i18n/catalogue';
import type { Params } from './i18n/i18n';
import type { RaceRun } from '../lab/double-spend';
import type { RewriteRun } from '../lab/history-rewrite';
import type { SelfishRun } from '../lab/selfish-mining';

export interface AttackLine {
  key: Extract<MessageKey, `lab.race.log.${string}` | `lab.rewrite.log.${string}` | `lab.selfish.log.${string}`>;
  params: Params;
  rule?: string;
}

/** One side of the fork the rewrite made: the public blocks since the fork, or the private branch. */
export interface BranchView {
  blocks: Array<{ height: number; hash: string }>;
  active: boolean;
}

export class RaceState {
  run = $state<RaceRun | null>(null);
  /** The merchant's node key, to name it in the view. */
  merchantKey = $state('');
  log = $state<AttackLine[]>([]);
}

export class RewriteState {
  run = $state<RewriteRun | null>(null);
  log = $state<AttackLine[]>([]);
  /** The fork as this tab's chain holds it: the public branch (with the payment) and the private one. */
  publicBranch = $state<BranchView | null>(null);
  privateBranch = $state<BranchView | null>(null);
  busy = $state(false);
}

export class SelfishState {
  run = $state<SelfishRun | null>(null);
  log = $state<AttackLine[]>([]);
  /** Starting (copying the chain, starting workers) or stopping (the last release). */
  busy = $state(false);
}

/** Appends a line, keeping the last 50. */
export const sayTo = (state: { log: AttackLine[] }, line: AttackLine): void => {
  state.log = [...state.log.slice(-49), line];
};
