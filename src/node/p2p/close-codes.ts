// Why a peer session ended, as a stable code: the UI names it in the user's language
// (src/app/i18n/errors.ts); the free-text reason beside it is for logs and tests. A refusal
// closes with its own code from penalties.ts; the rest are below.
import { REFUSALS, type RefusalCode } from './penalties';

export const SESSION_CLOSES = [
  /** Its misbehaviour score reached the threshold: disconnected and shunned. */
  'misbehaved',
  /** It sent us a `reject` after the handshake. */
  'peer-closed',
  /** It refused our handshake. */
  'peer-refused',
  'stopping',
  /** A lesson or test isolated this node from it. */
  'partitioned',
  /** Outbound rotation: a slot freed for a peer we have not tried. */
  'rotating',
  /** An inbound slot given to a more useful newcomer. */
  'evicted',
  /** Sending, serving or handling one of its messages failed on our side. */
  'failed',
  /** The link itself closed (the other end went away, or the transport did). */
  'link-closed',
] as const;

export type CloseCode = RefusalCode | (typeof SESSION_CLOSES)[number];

/** Every code a closed session can carry. */
export const CLOSE_CODES: readonly CloseCode[] = [...(Object.keys(REFUSALS) as RefusalCode[]), ...SESSION_CLOSES];
