import { describe, expect, it } from 'vitest';
import { judgeBatch } from '../../../../src/core/chain/header-batch';
import { headerWork } from '../../../../src/core/pow/compact';
import { classroomNetwork, MAIN, REGTEST } from '../../../../src/core/protocol/networks';
import { headerHash } from '../../../../src/core/primitives/header';
import { mineMany, newChain } from '../helpers';
import { headerChain } from '../../node/scripted-peer';

describe('judging a headers message before keeping any of it', () => {
  it('documented vectors: genesis bits and work per block (PROTOCOL.md, Networks)', () => {
    expect(MAIN.genesis.header.bits).toBe(0x1d479531);
    expect(classroomNetwork('room-7').genesis.header.bits).toBe(0x1e01ad7f);
    expect(headerWork(0x1e01ad7f)).toBe(10_000_014n);
    expect(headerWork(REGTEST.genesis.header.bits)).toBe(2n);
    // Bits that encode no target (zero, negative, overflowing) have no work: asking is a bug.
    for (const bits of [0, 0x04923456, 0xff123456]) expect(() => headerWork(bits)).toThrow(RangeError);
  });

  it('counts genesis in cumulative work', async () => {
    const { chain } = await newChain();
    expect(chain.tip.work).toBe(2n);
    await mineMany(chain, 3);
    expect(chain.tip.work).toBe(8n);
  });

  it('sums claimed work from a known parent, and tells broken runs apart', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 5);
    const g = { hash: chain.entryAt(0).hash, time: chain.entryAt(0).header.time };
    const run = headerChain(g, 4, 'run');
    expect(judgeBatch(chain.index, run, REGTEST)).toMatchObject({ kind: 'connects', parent: chain.entryAt(0), work: 10n });
    expect(judgeBatch(chain.index, run.slice(1), REGTEST)).toMatchObject({ kind: 'unconnected' });
    expect(judgeBatch(chain.index, [run[0]!, run[2]!], REGTEST)).toMatchObject({ kind: 'not-continuous', at: 1 });
    const bad = { ...run[0]!, nonce: run[0]!.nonce };
    while (headerHash(bad)[0]! < 0x80) bad.nonce++; // above regtest's target (first byte ≥ 0x80)
    expect(judgeBatch(chain.index, [bad], REGTEST)).toMatchObject({ kind: 'invalid', at: 0, error: { code: 'bad-pow' } });
  });
});
