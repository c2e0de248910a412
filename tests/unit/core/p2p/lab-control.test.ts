// The `lab` message (docs/PROTOCOL.md, "Lab control"): its test vectors and bounds.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLabControl, encodeLabControl, isLabMessage, LAB_MESSAGE_BYTES, type LabControl } from '../../../../src/core/p2p/lab-control';
import { fromHex, toHex } from '../../../../src/core/encoding/bytes';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { PROTOCOL_VERSION } from '../../../../src/core/p2p/messages';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/PROTOCOL.md'), 'utf8');
const zero = new Uint8Array(32);
const base: LabControl = { id: new Uint8Array(16).fill(7), origin: new Uint8Array(32).fill(1), kind: 'split', isolated: false, latencyMs: 0, lossPermille: 0, splitSeed: 0x01020304, splitS: 60, subject: zero, rule: '' };
const verdict: LabControl = { ...base, kind: 'verdict', splitSeed: 0, splitS: 0, subject: new Uint8Array(32).fill(0xab), rule: 'high-hash' };
const ids = '07'.repeat(16) + '01'.repeat(32);

describe('lab message', () => {
  it('encodes the documented test vectors and decodes them back', () => {
    const split = encodeLabControl(base);
    expect(toHex(split)).toBe(`40${ids}02 00 0000 0000 04030201 3c00 ${'00'.repeat(32)} 00`.replace(/ /g, ''));
    expect(toHex(encodeLabControl(verdict))).toBe(`40${ids}04 00 0000 0000 00000000 0000 ${'ab'.repeat(32)} 09 686967682d68617368`.replace(/ /g, ''));
    expect(doc).toContain('`40 0707…07 (16 bytes) 0101…01 (32 bytes) 02 00 0000 0000 04030201 3c00 00…00 (32 bytes) 00`');
    expect(doc).toContain('`40 0707…07 0101…01 04 00 0000 0000 00000000 0000 abab…ab (32 bytes) 09 686967682d68617368`');
    expect(decodeLabControl(split)).toEqual(base);
    expect(decodeLabControl(encodeLabControl(verdict))).toEqual(verdict);
    expect(split).toHaveLength(LAB_MESSAGE_BYTES);
    expect(isLabMessage(split)).toBe(true);
    expect(PROTOCOL_VERSION).toBe(5);
  });

  it('refuses what is out of bounds, unknown or trailing', () => {
    const good = toHex(encodeLabControl(base));
    const put = (i: number, hex: string) => fromHex(good.slice(0, i * 2) + hex + good.slice(i * 2 + hex.length));
    expect(() => decodeLabControl(put(49, '09'))).toThrow(/unknown lab control 9/);
    expect(() => decodeLabControl(put(50, '02'))).toThrow(/isolated flag 2/);
    expect(() => decodeLabControl(put(0, '0f'))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good + '00'))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good.slice(0, -2)))).toThrow(CodecError);
    expect(() => decodeLabControl(put(51, '1127'))).toThrow(/latency 10001/);
    expect(() => decodeLabControl(put(53, '8503'))).toThrow(/loss 901/);
    expect(() => decodeLabControl(put(59, '110e'))).toThrow(/split of 3601/);
    expect(() => decodeLabControl(fromHex(good.slice(0, -2) + '21' + '61'.repeat(33)))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good.slice(0, -2) + '01ff'))).toThrow(/not UTF-8/);
    expect(() => encodeLabControl({ ...base, latencyMs: 10_001 })).toThrow(CodecError);
    expect(() => encodeLabControl({ ...base, lossPermille: 901 })).toThrow(CodecError);
    expect(() => encodeLabControl({ ...base, splitS: 3_601 })).toThrow(CodecError);
    expect(() => encodeLabControl({ ...base, rule: 'x'.repeat(33) })).toThrow(CodecError);
  });

  it('admits each bound itself, both ways, and reads the isolated flag', () => {
    const edge: LabControl = { ...base, kind: 'conditions', isolated: true, latencyMs: 10_000, lossPermille: 900, splitS: 3_600, rule: 'r'.repeat(32) };
    expect(decodeLabControl(encodeLabControl(edge))).toEqual(edge);
    expect(isLabMessage(new Uint8Array([0x3f]))).toBe(false);
  });
});
