// The lab session file: every session the schema allows survives encode → decode unchanged, and
// an untrusted file that is too large, not JSON, another format or version, not a lab, with
// parameters that are not its lab's, or with any field out of shape is refused with its code.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeSessionFile,
  encodeSessionFile,
  MAX_SESSION_BYTES,
  MAX_SESSION_EVENTS,
  MAX_SESSION_BLOCKS,
  SessionFileError,
  sessionParamsOf,
  type LabSession,
  type SessionEvent,
} from '../../../src/lab/session-file';
import { classroomNetwork } from '../../../src/core/protocol/networks';

const LABS = ['lab-fixture', 'lab-demo', 'lab-physics.3'];
const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const rule = fc.stringMatching(/^[a-z0-9-]{1,40}$/);
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const height = fc.integer({ min: 1, max: 0xffffffff });

const eventBody: fc.Arbitrary<Omit<SessionEvent, 'at'>> = fc.oneof(
  fc.record({ kind: fc.constant('block' as const), hash: key, height, miner: key }),
  fc.record({ kind: fc.constant('reorg' as const), depth: height, tip: key, height: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), id: key, sender: key, recipient: key, amount: u64, fee: u64 }),
  fc.record({ kind: fc.constant('rejected' as const), object: fc.constantFrom('block' as const, 'header' as const, 'tx' as const), id: key, rule }),
  fc.record({
    kind: fc.constant('control' as const),
    by: key,
    control: fc.constantFrom('conditions' as const, 'split' as const, 'rejoin' as const),
    isolated: fc.boolean(),
    latencyMs: fc.integer({ min: 0, max: 60_000 }),
    lossPermille: fc.integer({ min: 0, max: 1_000 }),
    splitS: fc.integer({ min: 0, max: 3_600 }),
  }),
  fc.record({ kind: fc.constant('verdict' as const), by: key, subject: key, rule }),
  fc.record({ kind: fc.constant('peers' as const), count: fc.integer({ min: 0, max: 10_000 }) }),
);

const session: fc.Arbitrary<LabSession> = fc
  .record({
    lab: fc.constantFrom(...LABS),
    recordedBy: key,
    startedAt: fc.nat(),
    members: fc.array(fc.record({ key, nickname: fc.string({ maxLength: 40 }) }), { maxLength: 5 }),
    blocks: fc.array(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('hex')), { maxLength: 5 }),
    bodies: fc.array(fc.tuple(fc.nat({ max: 10_000 }), eventBody), { maxLength: 20 }),
    truncated: fc.boolean(),
  })
  .map(({ lab, bodies, ...rest }) => {
    let at = 0;
    const events = bodies.map(([gap, body]) => ({ ...body, at: (at += gap) }) as SessionEvent);
    return { ...rest, lab, params: sessionParamsOf(classroomNetwork(lab)), events };
  });

const valid = (): LabSession => ({
  lab: 'lab-fixture',
  params: sessionParamsOf(classroomNetwork('lab-fixture')),
  recordedBy: 'aa'.repeat(32),
  startedAt: 1_800_000_000_000,
  members: [{ key: 'bb'.repeat(32), nickname: 'Ada' }],
  blocks: ['00'],
  events: [{ at: 5, kind: 'transfer', id: 'cc'.repeat(32), sender: 'aa'.repeat(32), recipient: 'bb'.repeat(32), amount: 5n, fee: 1_000n }],
  truncated: false,
});

/** The file's JSON with `change` applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file edited freely, as a hand would
const edited = (change: (o: Record<string, any>) => void): string => {
  const o = JSON.parse(encodeSessionFile(valid()));
  change(o);
  return JSON.stringify(o);
};

const codeOf = (input: string | Uint8Array): string => {
  try {
    decodeSessionFile(input);
    return 'decoded';
  } catch (error) {
    return error instanceof SessionFileError ? error.code : `threw ${String(error)}`;
  }
};

describe('lab session file', () => {
  it('round-trips every session the schema allows (property)', () => {
    fc.assert(
      fc.property(session, (s) => {
        const text = encodeSessionFile(s);
        expect(decodeSessionFile(text)).toEqual(s);
        expect(decodeSessionFile(new TextEncoder().encode(text))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('says what it is and which version', () => {
    const o = JSON.parse(encodeSessionFile(valid()));
    expect(o.format).toBe('simplecoin-lab-session');
    expect(o.version).toBe(1);
    expect(o.events[0].amount).toBe('5');
  });

  it('refuses a file over the size cap before parsing it', () => {
    expect(codeOf(' '.repeat(MAX_SESSION_BYTES + 1))).toBe('session-too-large');
    expect(codeOf(new Uint8Array(MAX_SESSION_BYTES + 1))).toBe('session-too-large');
  });

  it('refuses too many events or blocks', () => {
    const event = valid().events[0]!;
    expect(codeOf(edited((o) => (o.events = Array.from({ length: MAX_SESSION_EVENTS + 1 }, () => ({ ...event, amount: '5', fee: '1000' })))))).toBe('session-too-many-events');
    expect(codeOf(edited((o) => (o.blocks = Array.from({ length: MAX_SESSION_BLOCKS + 1 }, () => '00'))))).toBe('session-too-many-blocks');
  });

  it.each([
    ['not json', '{"format": "simplecoin-lab-session", ', 'session-not-json'],
    ['invalid utf-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'session-not-json'],
    ['another format', '{"format": "something-else"}', 'session-wrong-format'],
    ['a list', '[1, 2]', 'session-wrong-format'],
    ['a newer version', edited((o) => (o.version = 2)), 'session-version'],
    ['an ordinary class', edited((o) => ((o.lab = 'physics'), (o.params = sessionParamsOf(classroomNetwork('physics'))))), 'session-not-lab'],
    ['main', edited((o) => (o.lab = 'main')), 'session-not-lab'],
    ['a bad name', edited((o) => (o.lab = 'lab-x..y')), 'session-not-lab'],
    ["another lab's genesis", edited((o) => (o.params.genesisHash = sessionParamsOf(classroomNetwork('lab-other')).genesisHash)), 'session-params-mismatch'],
    ['easier maturity', edited((o) => (o.params.coinbaseMaturity = 0)), 'session-params-mismatch'],
    ['a negative amount', edited((o) => (o.events[0].amount = '-5')), 'session-bad-field'],
    ['a 65-bit amount', edited((o) => (o.events[0].amount = (1n << 64n).toString())), 'session-bad-field'],
    ['an unknown event', edited((o) => (o.events[0].kind = 'mint')), 'session-bad-field'],
    ['a short key', edited((o) => (o.events[0].sender = 'aa')), 'session-bad-field'],
    ['time going back', edited((o) => o.events.push({ ...o.events[0], at: 1 })), 'session-bad-field'],
    ['odd block hex', edited((o) => (o.blocks = ['abc'])), 'session-bad-field'],
    ['a block as a number', edited((o) => (o.blocks = [7])), 'session-bad-field'],
    ['a long nickname', edited((o) => (o.members[0].nickname = 'x'.repeat(41))), 'session-bad-field'],
    ['no members', edited((o) => delete o.members), 'session-bad-field'],
    ['a rule with markup', edited((o) => o.events.push({ at: 9, kind: 'verdict', by: 'aa'.repeat(32), subject: 'bb'.repeat(32), rule: '<b>x</b>' })), 'session-bad-field'],
  ])('refuses %s with its code', (_what, input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('names the field that is wrong', () => {
    try {
      decodeSessionFile(edited((o) => (o.events[0].fee = 1.5)));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SessionFileError);
      expect((error as SessionFileError).params.field).toBe('events[0].fee');
    }
  });

  it('a corrupted file decodes or is refused with a code, never anything else (property)', () => {
    const text = encodeSessionFile(valid());
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.nat({ max: 20 }), fc.string({ maxLength: 4 }), (at, cut, insert) => {
        const corrupt = text.slice(0, at) + insert + text.slice(at + cut);
        expect(codeOf(corrupt)).not.toMatch(/^threw/);
      }),
      { numRuns: 500 },
    );
  });
});
