// Every reason this node penalises or refuses a peer, and how much: the one table the code reads.
// A decision is made on a code from here, never by reading a free-text reason. docs/PROTOCOL.md's
// "Limits and penalties" tables are checked against these (tests/unit/node/penalties-doc.test.ts).
//
// A penalty lands on what the peer proved (Bitcoin Core's Misbehaving): the link's own transport
// id, and its node key only once its handshake signature verified on that link (pool.ts).
import type { VerifyError } from '../../core/protocol/verify-error';

/** Misbehaviour at which a peer is disconnected and shunned. */
export const BAN_THRESHOLD = 100;

export interface Penalty {
  /** Points added to the peer's score; 'rule': the broken rule's score (VerifyError.score). */
  readonly score: number | 'rule';
  /** At the threshold: 'reject' sends a reject with the code before closing; 'silent' just closes. */
  readonly reply: 'reject' | 'silent';
  /** What the peer did, as PROTOCOL.md says it. */
  readonly what: string;
}

export const PENALTIES = {
  'frame-oversize': { score: 100, reply: 'silent', what: 'a frame announcing more than 4 MiB' },
  'frame-empty': { score: 100, reply: 'silent', what: 'a frame of length 0' },
  'bad-encoding': { score: 100, reply: 'reject', what: 'a message (or the block or transaction in it) that does not decode' },
  'bad-auth': { score: 100, reply: 'reject', what: 'a `verack` whose signature does not verify for this link' },
  'before-handshake': { score: 10, reply: 'silent', what: 'any message but `version`/`verack`/`reject` before the handshake is done' },
  'duplicate-handshake': { score: 20, reply: 'silent', what: '`version` or `verack` after the handshake' },
  'flood-budget': { score: 100, reply: 'silent', what: 'more than 2,000 messages/s or 8 MiB/s (bursts of 10 s and 8 s)' },
  'flood-inv': { score: 100, reply: 'silent', what: 'more than 1,000 inventory items/s (burst 5,000)' },
  'flood-unrequested-block': { score: 100, reply: 'silent', what: 'unrequested blocks beyond 1 per 6 s (burst 20)' },
  'flood-unrequested-tx': { score: 100, reply: 'silent', what: 'unrequested transactions beyond 1 per 6 s (burst 20)' },
  'flood-invalid-tx': { score: 100, reply: 'silent', what: 'more than 10 transactions refused for our state or policy in a burst, then more than 1 per 30 s' },
  'flood-addr': { score: 50, reply: 'silent', what: '`addr` more often than 1 per 10 s (burst 3)' },
  'flood-low-work-headers': { score: 100, reply: 'silent', what: 'more than 4,000 headers in one session, in messages of fewer than 2,000, that do not lead to more work than our tip' },
  'headers-not-continuous': { score: 100, reply: 'silent', what: 'a `headers` message whose headers do not each build on the one before' },
  'headers-unconnecting': { score: 20, reply: 'silent', what: 'every 10th `headers` message in a row whose first header\'s parent is unknown' },
  'invalid-header': { score: 'rule', reply: 'silent', what: 'a header breaking a consensus rule' },
  'invalid-block': { score: 'rule', reply: 'silent', what: 'a block breaking a consensus rule' },
  'invalid-tx': { score: 'rule', reply: 'silent', what: 'a transaction breaking a consensus rule (not one refused only for our state or policy)' },
  // Upload amplification (upload.ts): no honest node asks twice in one getdata, or for more than it can have in flight.
  'dup-getdata': { score: 100, reply: 'silent', what: 'one `getdata` naming the same item twice' },
  'flood-getdata': { score: 100, reply: 'silent', what: 'more than 64 blocks, or 2,000 items in all, waiting to be served to it' },
  // Compact blocks (compact-relay.ts, BIP152). Only what the peer's own block proves: a short id
  // that collides with our mempool, or a rebuilt block whose merkle root fails, is chance and costs nothing.
  'bad-getblocktxn': { score: 100, reply: 'silent', what: 'a `getblocktxn` naming an index beyond the block\'s transactions (our `cmpctblock` told it their count)' },
  'bad-blocktxn': { score: 100, reply: 'silent', what: 'a `blocktxn` that does not answer our `getblocktxn`: another count, or a transaction whose short id is not the one its `cmpctblock` gave' },
} as const satisfies Record<string, Penalty>;

export type PenaltyCode = keyof typeof PENALTIES;
/** Penalties whose score is the broken rule's. */
export type RulePenaltyCode = { [K in PenaltyCode]: (typeof PENALTIES)[K]['score'] extends 'rule' ? K : never }[PenaltyCode];
export type FixedPenaltyCode = Exclude<PenaltyCode, RulePenaltyCode>;

/** The points one offence costs. */
export function penaltyScore(code: FixedPenaltyCode): number;
export function penaltyScore(code: RulePenaltyCode, error: VerifyError): number;
export function penaltyScore(code: PenaltyCode, error?: VerifyError): number {
  const score = PENALTIES[code].score;
  return score === 'rule' ? (error?.score ?? BAN_THRESHOLD) : score;
}

export interface Refusal {
  /** 'reject': a reject with this code, then close; 'silent': close without a word. */
  readonly reply: 'reject' | 'silent';
  readonly what: string;
}

/** Links we close without holding anything against the peer (no score, no shun). */
export const REFUSALS = {
  'wrong-network': { reply: 'reject', what: 'its `version` names another genesis' },
  obsolete: { reply: 'reject', what: 'its protocolVersion is below our minimum' },
  'bad-peerid': { reply: 'reject', what: 'on an inbound link, its `version` peerId is not the id the link comes from' },
  duplicate: { reply: 'reject', what: 'a second session with the same node key (the end with the smaller key chooses)' },
  unbound: { reply: 'silent', what: 'the link cannot say who its ends are (no DTLS fingerprint), so no handshake can be bound to it' },
  self: { reply: 'silent', what: 'its `version` carries our own nonce or node key' },
  outdated: { reply: 'silent', what: 'its minProtocolVersion is above our version (we are the outdated one)' },
  'handshake-timeout': { reply: 'silent', what: 'no verified handshake within 10 s' },
  dead: { reply: 'silent', what: 'no whole message of any kind received for 20 s (pongs and refused messages count)' },
  shunned: { reply: 'silent', what: 'its link id, or its verified node key, is shunned' },
  'inbound-full': { reply: 'silent', what: 'all 24 inbound slots are taken' },
  'inbound-busy': { reply: 'silent', what: 'new inbound links arrive faster than 2 per second (burst 24): each costs a signature before the peer proved anything' },
  restarted: { reply: 'silent', what: 'the same node key completed a handshake with a new `version` nonce (the older session goes)' },
} as const satisfies Record<string, Refusal>;

export type RefusalCode = keyof typeof REFUSALS;
