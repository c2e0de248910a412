// What the attack lab view shows (issue 18). Written only by LabActions, from the lab's tools. Its
// arrays and objects are replaced whole, never changed in place, so they are $state.raw.
import type { MessageKey } from './i18n/catalogue';
import type { Params } from './i18n/i18n';

/**
 * One line of what happened: a lab.log.* message and its params, put in words by the view, so the
 * log reads in the language chosen now. `rule` is a peer's rule ID, explained beside the line.
 */
export interface LabLogLine {
  /** Unique in the log, in the order lines arrived: the row's key (the oldest lines drop off the front). */
  seq: number;
  key: Extract<MessageKey, `lab.log.${string}`>;
  params: Params;
  rule?: string;
}
export interface LabMemberView {
  key: string;
  isolated: boolean;
  latencyMs: number;
  lossPercent: number;
}

export interface TamperTargetView {
  key: string;
  sent: boolean;
  /** The rule the peer said the block broke, once it said so. */
  rule: string | null;
  /** The peer closed the link on the sender (shunned it), and how soon after the block. */
  shunnedAfterMs: number | null;
}

export interface TamperResultView {
  height: number;
  originalHash: string;
  tamperedHash: string;
  targets: TamperTargetView[];
  done: boolean;
}

export class LabState {
  /** This tab is on a lab network: the tools are here. */
  available = $state(false);
  myKey = $state('');
  isolated = $state(false);
  latencyMs = $state(0);
  lossPercent = $state(0);
  split = $state.raw<{ mySide: number; endsAt: number; by: string } | null>(null);
  members = $state.raw<LabMemberView[]>([]);
  /** What happened in the lab, oldest first (the view reads it out politely). */
  log = $state.raw<LabLogLine[]>([]);
  tamper = $state.raw<TamperResultView | null>(null);
  tamperRunning = $state(false);
}
