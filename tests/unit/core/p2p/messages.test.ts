import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, MAX_ADDR, MAX_HEADERS, MAX_INV, MAX_NICKNAME, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Message } from '../../../../src/core/p2p/messages';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { Writer } from '../../../../src/core/encoding/writer';

const b32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const header = fc.record({ version: fc.nat(), prevHash: b32, merkleRoot: b32, time: fc.nat(), bits: fc.nat(), nonce: fc.nat() });
const inv = fc.array(fc.record({ type: fc.constantFrom(1 as const, 2 as const), hash: b32 }), { maxLength: 5 });
const id = fc.string({ maxLength: 20 });
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    type: fc.constant('version' as const),
    protocolVersion: fc.nat(),
    minProtocolVersion: fc.nat(),
    genesis: b32,
    bestHeight: fc.nat(),
    bestWork: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
    software: id,
    nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    nodeKey: b32,
    challenge: b32,
    peerId: id,
  }),
  fc.record({ type: fc.constant('verack' as const), signature: fc.uint8Array({ minLength: 64, maxLength: 64 }) }),
  fc.record({ type: fc.constant('reject' as const), code: id, reason: id }),
  fc.record({ type: fc.constantFrom('ping' as const, 'pong' as const), nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }),
  fc.constant({ type: 'getaddr' as const }),
  fc.record({ type: fc.constant('addr' as const), ids: fc.array(id, { maxLength: 5 }) }),
  fc.record({ type: fc.constantFrom('inv' as const, 'getdata' as const, 'notfound' as const), items: inv }),
  fc.record({ type: fc.constant('getheaders' as const), locator: fc.array(b32, { maxLength: 5 }), stop: b32 }),
  fc.record({ type: fc.constant('headers' as const), headers: fc.array(header, { maxLength: 3 }) }),
  fc.record({ type: fc.constantFrom('block' as const, 'tx' as const), bytes: fc.uint8Array({ maxLength: 100 }) }),
  fc.record({ type: fc.constant('profile' as const), nickname: fc.string({ maxLength: 10 }), rewardKey: b32, hashRate: fc.nat({ max: 0xffffffff }) }),
);

describe('p2p messages', () => {
  it('round-trip', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { seed: 3, numRuns: 400 },
    );
  });

  it('never throw anything but CodecError on random or mutated input', () => {
    fc.assert(
      fc.property(message, fc.nat(), fc.integer({ min: 0, max: 255 }), (m, at, v) => {
        const bytes = encodeMessage(m);
        bytes[at % bytes.length] = v;
        try {
          decodeMessage(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
      { seed: 4, numRuns: 1000 },
    );
  });

  it('refuse counts over their bounds before reading items', () => {
    const over = (type: number, n: number) => new Writer().u8(type).u32(n).finish();
    expect(() => decodeMessage(over(8, MAX_INV + 1))).toThrow(/exceeds/);
    expect(() => decodeMessage(over(12, MAX_HEADERS + 1))).toThrow(/exceeds/);
    expect(() => decodeMessage(over(7, MAX_ADDR + 1))).toThrow(/exceeds/);
    expect(() => decodeMessage(new Uint8Array([99]))).toThrow(/unknown message type/);
    expect(() => decodeMessage(new Uint8Array([13, 0xff, 0xff, 0xff, 0x7f]))).toThrow(/exceeds/);
    expect(() => encodeMessage({ type: 'inv', items: new Array(MAX_INV + 1).fill({ type: 1, hash: new Uint8Array(32) }) })).toThrow(CodecError);
    expect(() => encodeMessage({ type: 'reject', code: 'x'.repeat(40), reason: '' })).toThrow(CodecError);
    expect(() => decodeMessage(new Uint8Array([3, 2, 0xff, 0xfe, 0]))).toThrow(/UTF-8/);
  });
});

describe('profile message (protocol 3)', () => {
  it('matches the docs/PROTOCOL.md test vector', () => {
    const m: Message = { type: 'profile', nickname: 'Ana', rewardKey: new Uint8Array(32).fill(0x11), hashRate: 5_000_000 };
    const hex = Buffer.from(encodeMessage(m)).toString('hex');
    expect(hex).toBe(`0f03416e61${'11'.repeat(32)}404b4c00`);
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    // Protocol 4 (compact relay) and 5 (the lab message) added messages; a protocol-3 peer still speaks to us.
    expect(PROTOCOL_VERSION).toBe(5);
    expect(MIN_PROTOCOL_VERSION).toBe(3);
  });

  it('bounds the nickname to 32 bytes both ways', () => {
    const long = { type: 'profile' as const, nickname: 'é'.repeat(17), rewardKey: new Uint8Array(32), hashRate: 0 };
    expect(() => encodeMessage(long)).toThrow(CodecError);
    const forged = new Writer().u8(15).u8(MAX_NICKNAME + 1).fixed(new Uint8Array(MAX_NICKNAME + 1), MAX_NICKNAME + 1).fixed(new Uint8Array(32), 32).u32(0).finish();
    expect(() => decodeMessage(forged)).toThrow(CodecError);
  });
});

