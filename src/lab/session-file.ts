// A lab session as one file (issue 18, "Reproducible sessions"): the lab's name and parameters,
// the chain's blocks as the protocol encodes them (hex of encodeBlock), and what happened (the
// event log, with who did it). A teacher's prepared scenario is such a file; importing it replays
// it (session-replay.ts).
//
// An imported file is untrusted input. decodeSessionFile checks its size before reading it, then
// every field against this schema, and refuses anything else with a SessionFileError whose code
// the app says next to the file field. It does not judge the blocks: the replay gives them to a
// real node, which checks every rule (so a file cannot make an invalid block look valid).
import { CodedError } from '../core/protocol/coded-error';
import { classroomNetwork, NetworkNameError, type NetworkParams } from '../core/protocol/networks';
import { MAX_BLOCK_BYTES } from '../core/protocol/consensus';
import { toHex } from '../core/encoding/bytes';

export const SESSION_FORMAT = 'simplecoin-lab-session';
export const SESSION_VERSION = 1;
/** The largest file read at all (a lab session of a lesson is well under 1 MiB). */
export const MAX_SESSION_BYTES = 8 * 1024 * 1024;
export const MAX_SESSION_BLOCKS = 2_000;
export const MAX_SESSION_EVENTS = 5_000;
export const MAX_SESSION_MEMBERS = 64;
export const MAX_NICKNAME_CHARS = 40;
/** Rule IDs are the peers' word: kept short and plain (a-z, digits, hyphens). */
const RULE = /^[a-z0-9-]{1,40}$/;
const KEY = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})*$/;

export const SESSION_FILE_ERRORS = [
  'session-too-large',
  'session-not-json',
  'session-wrong-format',
  'session-version',
  'session-not-lab',
  'session-params-mismatch',
  'session-too-many-blocks',
  'session-too-many-events',
  'session-bad-field',
] as const;
export type SessionFileErrorCode = (typeof SESSION_FILE_ERRORS)[number];

export class SessionFileError extends CodedError<SessionFileErrorCode> {
  override name = 'SessionFileError';
}

/** What the file says about the network; on import it must be what the lab's name derives. */
export interface SessionParams {
  genesisHash: string;
  hrp: string;
  spacing: number;
  halfLife: number;
  coinbaseMaturity: number;
}

export interface SessionMember {
  /** Node key (hex), as the member's node presented it. */
  key: string;
  nickname: string;
}

export type ControlKind = 'conditions' | 'split' | 'rejoin';
export type RejectedObject = 'block' | 'header' | 'tx';

/** One thing that happened, `at` ms after the recording started (non-decreasing). */
export type SessionEvent =
  /** A block joined the recording tab's active chain; `miner` is the key its coinbase pays. */
  | { at: number; kind: 'block'; hash: string; height: number; miner: string }
  /** The tip moved to another branch, replacing `depth` blocks. */
  | { at: number; kind: 'reorg'; depth: number; tip: string; height: number }
  /** A transfer entered the recording tab's mempool (amounts in base units). */
  | { at: number; kind: 'transfer'; id: string; sender: string; recipient: string; amount: bigint; fee: bigint }
  /** The recording tab's node refused something, by rule. */
  | { at: number; kind: 'rejected'; object: RejectedObject; id: string; rule: string }
  /** A member changed the network (isolation, latency, loss, split, rejoin). */
  | { at: number; kind: 'control'; by: string; control: ControlKind; isolated: boolean; latencyMs: number; lossPermille: number; splitS: number }
  /** A member told the lab it refused `subject` by `rule`. */
  | { at: number; kind: 'verdict'; by: string; subject: string; rule: string }
  /** How many peers the recording tab had. */
  | { at: number; kind: 'peers'; count: number };

export type SessionEventKind = SessionEvent['kind'];

export interface LabSession {
  /** The lab network's name (lab-…); its parameters follow from it. */
  lab: string;
  params: SessionParams;
  /** The recording tab's node key. */
  recordedBy: string;
  /** Wall-clock start of the recording (ms since 1970). */
  startedAt: number;
  members: SessionMember[];
  /** Encoded blocks (hex), in the order the recording tab received them; the genesis is implied. */
  blocks: string[];
  events: SessionEvent[];
  /** Events were dropped from the front (the recorder keeps the newest MAX_SESSION_EVENTS). */
  truncated: boolean;
}

export function sessionParamsOf(params: NetworkParams): SessionParams {
  return { genesisHash: toHex(params.genesisHash), hrp: params.hrp, spacing: params.spacing, halfLife: params.halfLife, coinbaseMaturity: params.coinbaseMaturity };
}

/** The file's text: JSON, bigints as decimal strings. */
export function encodeSessionFile(session: LabSession): string {
  return JSON.stringify({ format: SESSION_FORMAT, version: SESSION_VERSION, ...session }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

type Json = Record<string, unknown>;

const bad = (field: string, why: string): SessionFileError => new SessionFileError('session-bad-field', `${field}: ${why}`, { field });

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(field, 'not an object');
  return value as Json;
}

function text(o: Json, key: string, field: string, pattern?: RegExp, maxChars = 200): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > maxChars || (pattern && !pattern.test(v))) throw bad(`${field}.${key}`, 'not the expected text');
  return v;
}

function int(o: Json, key: string, field: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`${field}.${key}`, `not a whole number from ${min} to ${max}`);
  return v;
}

function bool(o: Json, key: string, field: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw bad(`${field}.${key}`, 'not true or false');
  return v;
}

function amount(o: Json, key: string, field: string): bigint {
  const v = text(o, key, field, /^(?:0|[1-9][0-9]{0,19})$/);
  const n = BigInt(v);
  if (n >= 1n << 64n) throw bad(`${field}.${key}`, 'more than 64 bits');
  return n;
}

function oneOf<T extends string>(o: Json, key: string, field: string, options: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) throw bad(`${field}.${key}`, `not one of ${options.join(', ')}`);
  return v as T;
}

function list(value: unknown, field: string, max: number, tooMany: SessionFileErrorCode = 'session-bad-field'): unknown[] {
  if (!Array.isArray(value)) throw bad(field, 'not a list');
  if (value.length > max) throw new SessionFileError(tooMany, `${field}: more than ${max}`, { field, max });
  return value;
}

const MAX_AT = 7 * 24 * 3_600_000;
const MAX_HEIGHT = 0xffffffff;

function readEvent(value: unknown, field: string): SessionEvent {
  const o = object(value, field);
  const at = int(o, 'at', field, 0, MAX_AT);
  const kind = oneOf(o, 'kind', field, ['block', 'reorg', 'transfer', 'rejected', 'control', 'verdict', 'peers'] as const);
  switch (kind) {
    case 'block':
      return { at, kind, hash: text(o, 'hash', field, KEY), height: int(o, 'height', field, 1, MAX_HEIGHT), miner: text(o, 'miner', field, KEY) };
    case 'reorg':
      return { at, kind, depth: int(o, 'depth', field, 1, MAX_HEIGHT), tip: text(o, 'tip', field, KEY), height: int(o, 'height', field, 0, MAX_HEIGHT) };
    case 'transfer':
      return { at, kind, id: text(o, 'id', field, KEY), sender: text(o, 'sender', field, KEY), recipient: text(o, 'recipient', field, KEY), amount: amount(o, 'amount', field), fee: amount(o, 'fee', field) };
    case 'rejected':
      return { at, kind, object: oneOf(o, 'object', field, ['block', 'header', 'tx'] as const), id: text(o, 'id', field, KEY), rule: text(o, 'rule', field, RULE) };
    case 'control':
      return {
        at,
        kind,
        by: text(o, 'by', field, KEY),
        control: oneOf(o, 'control', field, ['conditions', 'split', 'rejoin'] as const),
        isolated: bool(o, 'isolated', field),
        latencyMs: int(o, 'latencyMs', field, 0, 60_000),
        lossPermille: int(o, 'lossPermille', field, 0, 1_000),
        splitS: int(o, 'splitS', field, 0, 3_600),
      };
    case 'verdict':
      return { at, kind, by: text(o, 'by', field, KEY), subject: text(o, 'subject', field, KEY), rule: text(o, 'rule', field, RULE) };
    case 'peers':
      return { at, kind, count: int(o, 'count', field, 0, 10_000) };
  }
}

function readParams(value: unknown): SessionParams {
  const o = object(value, 'params');
  return {
    genesisHash: text(o, 'genesisHash', 'params', KEY),
    hrp: text(o, 'hrp', 'params', /^[a-z0-9-]{1,40}$/),
    spacing: int(o, 'spacing', 'params', 1, 86_400),
    halfLife: int(o, 'halfLife', 'params', 1, 10_000_000),
    coinbaseMaturity: int(o, 'coinbaseMaturity', 'params', 0, 10_000),
  };
}

/** The lab's network from the file's name and parameters: both must say the same lab. */
export function sessionNetwork(session: Pick<LabSession, 'lab' | 'params'>): NetworkParams {
  let params: NetworkParams;
  try {
    params = classroomNetwork(session.lab);
  } catch (error) {
    if (error instanceof NetworkNameError) throw new SessionFileError('session-not-lab', `"${session.lab}" is not a lab network's name`, { name: session.lab });
    throw error;
  }
  if (!params.lab) throw new SessionFileError('session-not-lab', `"${session.lab}" is not a lab network (lab-…)`, { name: session.lab });
  if (JSON.stringify(sessionParamsOf(params)) !== JSON.stringify(session.params)) {
    throw new SessionFileError('session-params-mismatch', `the file's parameters are not those of ${session.lab}`, { name: session.lab });
  }
  return params;
}

/** Reads a session file; throws SessionFileError (never anything else) if it is not one. */
export function decodeSessionFile(input: string | Uint8Array): LabSession {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_SESSION_BYTES) throw new SessionFileError('session-too-large', `larger than ${MAX_SESSION_BYTES} bytes`, { max: MAX_SESSION_BYTES / 1024 / 1024 });
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input));
  } catch {
    throw new SessionFileError('session-not-json', 'not a JSON file');
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Json).format !== SESSION_FORMAT) throw new SessionFileError('session-wrong-format', 'not a SimpleCoin lab session');
  const o = parsed as Json;
  if (o.version !== SESSION_VERSION) throw new SessionFileError('session-version', `version ${String(o.version)} is not ${SESSION_VERSION}`, { version: String(o.version).slice(0, 10), supported: SESSION_VERSION });
  const lab = text(o, 'lab', 'file', /^[a-z0-9.-]{1,30}$/);
  const params = readParams(o.params);
  sessionNetwork({ lab, params });
  const members = list(o.members, 'members', MAX_SESSION_MEMBERS).map((m, i) => {
    const field = `members[${i}]`;
    const member = object(m, field);
    return { key: text(member, 'key', field, KEY), nickname: text(member, 'nickname', field, undefined, MAX_NICKNAME_CHARS) };
  });
  const blocks = list(o.blocks, 'blocks', MAX_SESSION_BLOCKS, 'session-too-many-blocks').map((b, i) => {
    if (typeof b !== 'string' || b.length > 2 * MAX_BLOCK_BYTES || !HEX.test(b)) throw bad(`blocks[${i}]`, 'not a block in hex');
    return b;
  });
  const events = list(o.events, 'events', MAX_SESSION_EVENTS, 'session-too-many-events').map((e, i) => readEvent(e, `events[${i}]`));
  for (let i = 1; i < events.length; i++) if ((events[i] as SessionEvent).at < (events[i - 1] as SessionEvent).at) throw bad(`events[${i}].at`, 'earlier than the event before it');
  return {
    lab,
    params,
    recordedBy: text(o, 'recordedBy', 'file', KEY),
    startedAt: int(o, 'startedAt', 'file', 0, Number.MAX_SAFE_INTEGER),
    members,
    blocks,
    events,
    truncated: bool(o, 'truncated', 'file'),
  };
}
