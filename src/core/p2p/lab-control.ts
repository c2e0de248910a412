// The `lab` message (protocol 5, docs/PROTOCOL.md "Lab control"): on a lab network, what a member
// did to the network, so every member sees it: its own link conditions (isolated, added latency,
// packet loss), a split of the class into two halves and the rejoin, or its verdict on an object
// a lab attack sent (the rule it broke, so the attacker sees every peer's). It is carried on the
// same links as every message but handled below the node, by the lab's link conditions
// (net/conditions.ts); the node itself never sees one. Nothing in it is verified: it is display
// text and a lab-wide switch, and it acts only on a lab network.
// Reading path: stop 9, the p2p codec (src/core/READING.md).
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';

/** The message type byte: far from the node's own types (1–15 and those a later version adds). */
export const LAB_MESSAGE_TYPE = 64;
/** The first protocol version that understands `lab`. */
export const LAB_PROTOCOL_VERSION = 5;
/** The longest rule id a verdict names (core/protocol/rules.ts ids are far shorter). */
export const MAX_LAB_RULE = 32;
/** A lab message without a rule id; a verdict adds its length. */
export const LAB_MESSAGE_BYTES = 1 + 16 + 32 + 1 + 1 + 2 + 2 + 4 + 2 + 32 + 1;
/** A split lasts at most an hour; every member rejoins when it ends (the halves cannot tell each other). */
export const MAX_LAB_SPLIT_S = 3_600;
export const MAX_LAB_LATENCY_MS = 10_000;
/** Packet loss in thousandths: at most 900 (90 %), or nothing would ever arrive. */
export const MAX_LAB_LOSS_PERMILLE = 900;

export type LabControlKind = 'conditions' | 'split' | 'rejoin' | 'verdict';
const KIND_CODES: Record<LabControlKind, number> = { conditions: 1, split: 2, rejoin: 3, verdict: 4 };
const CODE_KINDS = new Map(Object.entries(KIND_CODES).map(([k, v]) => [v, k as LabControlKind]));

export interface LabControl {
  /** Random, so each member relays a control once. */
  id: Uint8Array;
  /** The node key of the member who did it (claimed, not proven). */
  origin: Uint8Array;
  kind: LabControlKind;
  /** conditions: the origin's own links. */
  isolated: boolean;
  latencyMs: number;
  lossPermille: number;
  /** split: which halves (each node key's side is a hash of this and the key, lab/network-controls.ts). */
  splitSeed: number;
  /** split: seconds until every member rejoins. */
  splitS: number;
  /** verdict: the hash of the block or transaction the origin refused (zero otherwise). */
  subject: Uint8Array;
  /** verdict: the rule it broke, a core/protocol/rules.ts id ('' otherwise). */
  rule: string;
}

const text = new TextEncoder();
const untext = new TextDecoder('utf-8', { fatal: true });

export function encodeLabControl(c: LabControl): Uint8Array {
  if (c.latencyMs > MAX_LAB_LATENCY_MS) throw new CodecError(`latency ${c.latencyMs} ms exceeds ${MAX_LAB_LATENCY_MS}`);
  if (c.lossPermille > MAX_LAB_LOSS_PERMILLE) throw new CodecError(`loss ${c.lossPermille}‰ exceeds ${MAX_LAB_LOSS_PERMILLE}`);
  if (c.splitS > MAX_LAB_SPLIT_S) throw new CodecError(`split of ${c.splitS} s exceeds ${MAX_LAB_SPLIT_S}`);
  const rule = text.encode(c.rule);
  if (rule.length > MAX_LAB_RULE) throw new CodecError(`rule id of ${rule.length} bytes exceeds ${MAX_LAB_RULE}`);
  return new Writer(LAB_MESSAGE_BYTES)
    .u8(LAB_MESSAGE_TYPE)
    .fixed(c.id, 16)
    .fixed(c.origin, 32)
    .u8(KIND_CODES[c.kind])
    .u8(c.isolated ? 1 : 0)
    .u16(c.latencyMs)
    .u16(c.lossPermille)
    .u32(c.splitSeed)
    .u16(c.splitS)
    .fixed(c.subject, 32)
    .bytes8(rule)
    .finish();
}

/** Whether a message on the wire is a `lab` message (its type byte), before decoding it. */
export const isLabMessage = (bytes: Uint8Array): boolean => bytes[0] === LAB_MESSAGE_TYPE;

export function decodeLabControl(bytes: Uint8Array): LabControl {
  return decodeAll(bytes, (r: Reader) => {
    if (r.u8() !== LAB_MESSAGE_TYPE) throw new CodecError('not a lab message');
    const id = r.fixed(16);
    const origin = r.fixed(32);
    const code = r.u8();
    const kind = CODE_KINDS.get(code);
    if (!kind) throw new CodecError(`unknown lab control ${code}`);
    const flag = r.u8();
    if (flag > 1) throw new CodecError(`isolated flag ${flag} is not 0 or 1`);
    const latencyMs = r.u16();
    const lossPermille = r.u16();
    if (latencyMs > MAX_LAB_LATENCY_MS) throw new CodecError(`latency ${latencyMs} ms exceeds ${MAX_LAB_LATENCY_MS}`);
    if (lossPermille > MAX_LAB_LOSS_PERMILLE) throw new CodecError(`loss ${lossPermille}‰ exceeds ${MAX_LAB_LOSS_PERMILLE}`);
    const splitSeed = r.u32();
    const splitS = r.u16();
    if (splitS > MAX_LAB_SPLIT_S) throw new CodecError(`split of ${splitS} s exceeds ${MAX_LAB_SPLIT_S}`);
    const subject = r.fixed(32);
    let rule: string;
    try {
      rule = untext.decode(r.bytes8(MAX_LAB_RULE));
    } catch (error) {
      if (error instanceof TypeError) throw new CodecError('rule id is not UTF-8');
      throw error;
    }
    return { id, origin, kind, isolated: flag === 1, latencyMs, lossPermille, splitSeed, splitS, subject, rule };
  });
}
