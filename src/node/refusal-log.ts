// The last few objects a node refused, newest first, for a reject log on screen. Each entry gets a
// number of its own when it enters: ids can come back (the node forgets what it reported once a
// thousand others followed, and a reset starts a new node), so an id cannot key a list row.
import type { VerifyError } from '../core/protocol/verify-error';
import type { RuleId } from '../core/protocol/rules';
import type { RejectedKind } from './p2p/network';

export interface Refusal {
  /** Unique within its log, in the order entries arrived: the row's key. */
  seq: number;
  kind: RejectedKind;
  id: string;
  code: RuleId;
  reason: string;
  explanation: string;
  /** When it was refused (ms since the epoch). */
  at: number;
}

export class RefusalLog {
  private arrived = 0;
  /** Replaced whole on every refusal, never changed in place. */
  entries: readonly Refusal[] = [];

  constructor(private readonly max: number) {}

  /** Adds a refusal at the front, drops the oldest beyond the limit, and returns the new entries. */
  add(kind: RejectedKind, id: string, error: VerifyError, at: number): readonly Refusal[] {
    const entry: Refusal = { seq: ++this.arrived, kind, id, code: error.code, reason: error.reason, explanation: error.explanation, at };
    this.entries = [entry, ...this.entries].slice(0, this.max);
    return this.entries;
  }
}
