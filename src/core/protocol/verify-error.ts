// The typed failure of a rule: its stable ID (rules.ts), the detail, and how much the sender is to blame.
// Reading path: stop 4, rules (src/core/READING.md).
import { RULES, type RuleId } from './rules';

/** Misbehaviour score of a peer that sends an object breaking a consensus rule: disconnect and shun. */
export const BAN_SCORE = 100;

/**
 * A rule failed. code is a stable rule ID (see rules.ts); score is how much the sender of the
 * object misbehaved (100: consensus-invalid, 0: not the sender's fault, e.g. a clock difference).
 */
export class VerifyError extends Error {
  constructor(
    readonly code: RuleId,
    readonly reason: string,
    readonly score: number = BAN_SCORE,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'VerifyError';
  }

  get explanation(): string {
    return RULES[this.code];
  }
}
