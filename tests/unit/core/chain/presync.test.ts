import { describe, expect, it } from 'vitest';
import { HeadersPresync, COMMITMENT_PERIOD } from '../../../../src/core/chain/presync';
import { hashValue, headerHash } from '../../../../src/core/primitives/header';
import { targetFromBits } from '../../../../src/core/pow/compact';
import { REGTEST } from '../../../../src/core/protocol/networks';
import { mineMany, newChain, testClock } from '../helpers';
import { headerChain } from '../../node/scripted-peer';
import { feedAll } from './presync-feed';
import type { Chain } from '../../../../src/core/chain/chain';

async function victim(height: number): Promise<Chain> {
  const { chain } = await newChain();
  await mineMany(chain, height);
  return chain;
}

const genesisOf = (c: Chain) => ({ hash: c.entryAt(0).hash, time: c.entryAt(0).header.time });

describe('headers presync', () => {
  it('proves more work, then hands over exactly the presynced chain on the second pass', async () => {
    const chain = await victim(30);
    const honest = headerChain(genesisOf(chain), 1_200, 'honest');
    const p = new HeadersPresync(chain.entryAt(0), null, REGTEST, testClock, () => chain.tip.work);
    const first = feedAll(p, honest, 100);
    expect(first.at(-1)).toEqual({ kind: 'redownload' });
    expect(p.bytes).toBeLessThan(1_000); // a few commitments, no headers
    const second = feedAll(p, honest, 400);
    const released = second.flatMap((s) => ('release' in s ? s.release : []));
    expect(second.at(-1)!.kind).toBe('done');
    // The target is header 31 (more work than 30 blocks); the rest of that batch comes along.
    expect(released).toEqual(honest.slice(0, 400));
    expect(second.slice(0, -1).every((s) => s.kind === 'more')).toBe(true); // nothing before the proof
  });

  it('hands over nothing when the second pass serves another chain', async () => {
    const chain = await victim(30);
    const p = new HeadersPresync(chain.entryAt(0), null, REGTEST, testClock, () => chain.tip.work);
    feedAll(p, headerChain(genesisOf(chain), 40, 'shown'), 40);
    const swapped = feedAll(p, headerChain(genesisOf(chain), 40, 'swapped'), 40);
    expect(swapped).toEqual([{ kind: 'aborted', reason: 'the redownloaded chain differs from the presynced one' }]);
  });

  it('checks commitments on the way: a swap below the target is caught at the next commitment, with nothing handed over', async () => {
    const chain = await victim(COMMITMENT_PERIOD + 10);
    const shown = headerChain(genesisOf(chain), COMMITMENT_PERIOD + 20, 'shown');
    const p = new HeadersPresync(chain.entryAt(0), null, REGTEST, testClock, () => chain.tip.work);
    expect(feedAll(p, shown, 100).at(-1)).toEqual({ kind: 'redownload' });
    const swapped = [...shown.slice(0, 100), ...headerChain({ hash: headerHash(shown[99]!), time: shown[99]!.time }, 500, 'swapped')];
    const steps = feedAll(p, swapped, 100);
    expect(steps.flatMap((s) => ('release' in s ? s.release : []))).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ kind: 'aborted' });
  });

  it('drops a chain that ends without more work, and blames a header that breaks a rule', async () => {
    const chain = await victim(30);
    const p = new HeadersPresync(chain.entryAt(0), null, REGTEST, testClock, () => chain.tip.work);
    expect(feedAll(p, headerChain(genesisOf(chain), 25, 'short'), 10).at(-1)).toMatchObject({ kind: 'aborted', reason: 'the chain ended without more work than our tip' });
    const bad = headerChain(genesisOf(chain), 10, 'bad');
    const last = bad[9]!;
    last.time = bad[0]!.time - 1; // before the median time past
    while (hashValue(headerHash(last)) > targetFromBits(last.bits)!) last.nonce++;
    const q = new HeadersPresync(chain.entryAt(0), null, REGTEST, testClock, () => chain.tip.work);
    expect(q.feed(bad, bad.map(headerHash), true)).toMatchObject({ kind: 'invalid', at: 9, error: { code: 'time-too-old' } });
  });
});
