// The `lab` message (docs/PROTOCOL.md, "Lab control"): its test vectors and bounds.
import { describe, expect, it } from 'vitest';
import { decodeLabControl, encodeLabControl, isLabMessage, LAB_MESSAGE_BYTES, type LabControl } from '../../../../src/core/p2p/lab-control';
import { fromHex, toHex } from '../../../../src/core/encoding/bytes';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { PROTOCOL_VERSION } from '../../../../src/core/p2p/messages';

const base: LabControl = { id: new Uint8Array(16).fill(7), origin: new Uint8Array(32).fill(1), kind: 'split', isolated: false, latencyMs: 0, lossPermille: 0, splitSeed: 0x01020304, splitS: 60 };
const ids = '07'.repeat(16) + '01'.repeat(32);

describe('lab message', () => {
  it('encodes the documented test vectors and decodes them back', () => {
    const split = encodeLabControl(base);
    expect(toHex(split)).toBe(`40${ids}0200000000000403020` + '13c00');
    const conditions: LabControl = { ...base, kind: 'conditions', isolated: true, latencyMs: 250, lossPermille: 100, splitSeed: 0, splitS: 0 };
    expect(toHex(encodeLabControl(conditions))).toBe(`40${ids}0101fa00640000000000` + '0000');
    expect(decodeLabControl(split)).toEqual(base);
    expect(decodeLabControl(encodeLabControl(conditions))).toEqual(conditions);
    expect(split).toHaveLength(LAB_MESSAGE_BYTES);
    expect(isLabMessage(split)).toBe(true);
    expect(PROTOCOL_VERSION).toBe(5);
  });

  it('refuses what is out of bounds, unknown or trailing', () => {
    const good = toHex(encodeLabControl(base));
    const at = (i: number, byte: string) => fromHex(good.slice(0, i * 2) + byte + good.slice(i * 2 + 2));
    expect(() => decodeLabControl(at(49, '09'))).toThrow(/unknown lab control 9/);
    expect(() => decodeLabControl(at(50, '02'))).toThrow(/isolated flag 2/);
    expect(() => decodeLabControl(at(0, '0f'))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good + '00'))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good.slice(0, -2)))).toThrow(CodecError);
    expect(() => decodeLabControl(fromHex(good.slice(0, 51 * 2) + '1127' + good.slice(53 * 2)))).toThrow(/latency 10001/);
    expect(() => decodeLabControl(fromHex(good.slice(0, 53 * 2) + '8503' + good.slice(55 * 2)))).toThrow(/loss 901/);
    expect(() => decodeLabControl(fromHex(good.slice(0, 59 * 2) + '110e'))).toThrow(/split of 3601/);
    expect(() => encodeLabControl({ ...base, latencyMs: 10_001 })).toThrow(CodecError);
    expect(() => encodeLabControl({ ...base, lossPermille: 901 })).toThrow(CodecError);
    expect(() => encodeLabControl({ ...base, splitS: 3_601 })).toThrow(CodecError);
  });
});
