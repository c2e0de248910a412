// Every length and count bound of the decoders, exactly at its maximum (accepted) and one past it
// (refused): mutation testing found the "at most" comparisons unpinned.
import { describe, expect, it } from 'vitest';
import { Reader } from '../../../../src/core/encoding/reader';
import { Writer } from '../../../../src/core/encoding/writer';
import { CodecError } from '../../../../src/core/encoding/codec-error';
import { decodeMessage, encodeMessage, INV_BLOCK, MAX_ADDR, MAX_HEADERS, MAX_INV, type Message } from '../../../../src/core/p2p/messages';
import { MAX_LOCATOR_HASHES } from '../../../../src/core/chain/locator';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { MAX_MEMO_BYTES } from '../../../../src/core/protocol/consensus';
import { decodeTx, encodeTx } from '../../../../src/core/primitives/tx';
import { ALICE, BOB, transfer } from '../helpers';

/** The message with its list's u32 count (just after the type byte) raised by one and one more item appended. */
function onePastMax(m: Message, item: Uint8Array): Uint8Array {
  const bytes = encodeMessage(m);
  const out = new Uint8Array(bytes.length + item.length);
  out.set(bytes);
  out.set(item, bytes.length);
  const view = new DataView(out.buffer);
  view.setUint32(1, view.getUint32(1, true) + 1, true);
  return out;
}

describe('decoder bounds', () => {
  it('Reader: a length or count equal to its maximum reads, one more is refused', () => {
    const w = new Writer().u8(3).fixed(new Uint8Array(3), 3).u32(2).fixed(new Uint8Array(8), 8).u32(4).fixed(new Uint8Array(4), 4);
    const r = new Reader(w.finish());
    expect(r.bytes8(3)).toHaveLength(3);
    expect(r.count(2, 4)).toBe(2); // exactly the 8 bytes that remain after it... and no more
    r.fixed(8);
    expect(r.bytes32(4)).toHaveLength(4);
    expect(() => new Reader(new Writer().u8(4).fixed(new Uint8Array(4), 4).finish()).bytes8(3)).toThrow(CodecError);
    expect(() => new Reader(new Writer().u32(3).fixed(new Uint8Array(12), 12).finish()).count(2, 4)).toThrow(CodecError);
    expect(() => new Reader(new Writer().u32(5).fixed(new Uint8Array(5), 5).finish()).bytes32(4)).toThrow(CodecError);
    // A count whose items cannot fit in what remains is refused before reading them.
    expect(() => new Reader(new Writer().u32(2).fixed(new Uint8Array(7), 7).finish()).count(10, 4)).toThrow(/cannot fit/);
  });

  it('inv, addr, getheaders and headers at their maximum round-trip; one more is refused', () => {
    const hash = new Uint8Array(32).fill(7);
    const lists: Array<[Message, Uint8Array]> = [
      [{ type: 'inv', items: Array.from({ length: MAX_INV }, () => ({ type: INV_BLOCK, hash })) }, new Uint8Array([INV_BLOCK, ...hash])],
      [{ type: 'addr', ids: Array.from({ length: MAX_ADDR }, (_, i) => `peer-${i}`) }, new Uint8Array([1, 120])],
      [{ type: 'getheaders', locator: Array.from({ length: MAX_LOCATOR_HASHES }, () => hash), stop: hash }, hash],
      [{ type: 'headers', headers: Array.from({ length: MAX_HEADERS }, () => REGTEST.genesis.header) }, encodeMessage({ type: 'headers', headers: [REGTEST.genesis.header] }).subarray(5)],
    ];
    for (const [m, item] of lists) {
      expect(decodeMessage(encodeMessage(m))).toEqual(m);
      expect(() => decodeMessage(onePastMax(m, item))).toThrow(/exceeds/);
    }
  });

  it('a memo of exactly MAX_MEMO_BYTES decodes; one byte more is refused', () => {
    const tx = transfer(ALICE, BOB, 1n, 0, { memo: new Uint8Array(MAX_MEMO_BYTES).fill(97) });
    const bytes = encodeTx(tx);
    expect(decodeTx(bytes)).toEqual(tx);
    const memoAt = bytes.length - 64 - 1 - MAX_MEMO_BYTES; // the memo's length byte, before the signature
    expect(bytes[memoAt]).toBe(MAX_MEMO_BYTES);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes.subarray(0, memoAt));
    longer[memoAt] = MAX_MEMO_BYTES + 1;
    longer.set(bytes.subarray(memoAt + 1), memoAt + 1);
    expect(() => decodeTx(longer)).toThrow(/exceeds/);
  });
});
