// Headers presync at its edges (src/core/chain/presync.ts): a fork above the first commitment
// period, a swap caught at exactly the commitment height, the commitment buffer growing past its
// first 64 slots, and the length bound that a clock moving forward makes reachable.
import { describe, expect, it } from 'vitest';
import { HeadersPresync, COMMITMENT_PERIOD, type PresyncStep } from '../../../../src/core/chain/presync';
import { hashValue, headerHash, type BlockHeader } from '../../../../src/core/primitives/header';
import { headerWork, targetFromBits } from '../../../../src/core/pow/compact';
import { REGTEST } from '../../../../src/core/protocol/networks';
import type { IndexEntry } from '../../../../src/core/chain/header-index';
import { headerChain } from '../../node/scripted-peer';
import { feedAll } from './presync-feed';
import { testClock } from '../helpers';

const BITS = REGTEST.genesis.header.bits;
const WORK = headerWork(BITS);

/** An index entry at `height` (presync reads only hash, height, work, header time and parents). */
function forkAt(height: number, time = testClock() - 200_000): IndexEntry {
  const header: BlockHeader = { ...REGTEST.genesis.header, time };
  const hash = headerHash(header);
  return { hash, hashHex: '', header, height, work: BigInt(height + 1) * WORK, parent: null, hasData: true, invalid: false, seq: 0, stored: true };
}

const released = (steps: PresyncStep[]) => steps.flatMap((s) => (s.kind === 'done' ? s.release : []));
const DIFFERS = { kind: 'aborted', reason: 'the redownloaded chain differs from the presynced one' };

describe('headers presync at its edges', () => {
  const fork = forkAt(700);
  const from = { hash: fork.hash, time: fork.header.time };
  // More work than the fork after 400 headers: the proof lands at height 1101, past the commitment at 1000.
  const beat = () => fork.work + 400n * WORK;

  it('a fork above height 0 is redownloaded across its first commitment (index counted from the fork)', () => {
    const honest = headerChain(from, 500, 'honest');
    const p = new HeadersPresync(fork, null, REGTEST, testClock, beat);
    const asks = [0, 1, 2, 3].map((i) => ({ kind: 'more', from: headerHash(honest[i * 100 + 99]!) }));
    expect(feedAll(p, honest, 100)).toEqual([...asks, { kind: 'redownload' }]);
    const second = feedAll(p, honest, 100);
    expect(second.at(-1)!.kind).toBe('done');
    expect(released(second)).toEqual(honest);
    expect(p.headersChecked).toBe(401 + 401);
  });

  it('gives up, blaming no one, on an empty or discontinuous message, a header too new for our clock, or a redownload cut short', () => {
    const honest = headerChain(from, 500, 'honest');
    const p = new HeadersPresync(fork, null, REGTEST, testClock, beat);
    const gap = { kind: 'aborted', reason: 'headers do not continue the chain being synced' };
    expect(p.feed([], [], true)).toEqual(gap);
    expect(p.feed(honest.slice(1, 3), honest.slice(1, 3).map(headerHash), true)).toEqual(gap);
    expect(p.headersChecked).toBe(0);
    const ahead = headerChain(from, 3, 'ahead');
    ahead[2]!.time = testClock() + 12 * REGTEST.spacing + 1;
    while (hashValue(headerHash(ahead[2]!)) > (targetFromBits(BITS) as bigint)) ahead[2]!.nonce++;
    const q = new HeadersPresync(fork, null, REGTEST, testClock, beat);
    expect(q.feed(ahead, ahead.map(headerHash), true)).toEqual({ kind: 'aborted', reason: expect.stringMatching(/^time-too-new: /) });
    expect(feedAll(p, honest, 100).at(-1)).toEqual({ kind: 'redownload' });
    expect(p.feed(honest.slice(0, 100), honest.slice(0, 100).map(headerHash), true)).toEqual({ kind: 'more', from: headerHash(honest[99]!) });
    expect(p.bytes).toBe(64 * 8 + 100 * 250); // the redownload holds its headers until the proof
    expect(p.feed(honest.slice(100, 150), honest.slice(100, 150).map(headerHash), false)).toEqual({ kind: 'aborted', reason: 'the peer stopped before the presynced header' });
  });

  it('lets an error that is not a rule break (here, a broken clock) propagate, not pass it off as a refusal', () => {
    let calls = 0;
    const clock = () => {
      if (++calls > 1) throw new Error('clock broke');
      return testClock();
    };
    const p = new HeadersPresync(fork, null, REGTEST, clock, beat);
    const headers = headerChain(from, 2, 'any');
    expect(() => p.feed(headers, headers.map(headerHash), true)).toThrow('clock broke');
  });

  it('a swap below the commitment is caught at exactly the commitment height, not at the target', () => {
    const shown = headerChain(from, 500, 'shown');
    const p = new HeadersPresync(fork, null, REGTEST, testClock, beat);
    expect(feedAll(p, shown, 100).at(-1)).toEqual({ kind: 'redownload' });
    // Header 300 (height 1000) differs; the headers before it are the shown ones.
    const swapped = [...shown.slice(0, 299), ...headerChain({ hash: headerHash(shown[298]!), time: shown[298]!.time }, 201, 'swapped')];
    const steps = feedAll(p, swapped, 100);
    expect(steps).toEqual([{ kind: 'more', from: headerHash(swapped[99]!) }, { kind: 'more', from: headerHash(swapped[199]!) }, DIFFERS]);
    expect(p.headersChecked).toBe(401 + 300); // stopped at the commitment, the rest unread
  });

  it('keeps every commitment when the chain passes 64 of them, and holds 8 bytes per commitment', () => {
    const n = 66 * COMMITMENT_PERIOD + 10;
    const genesis = forkAt(0, testClock() - n * 30 - 1);
    const long = headerChain({ hash: genesis.hash, time: genesis.header.time }, n, 'long');
    const p = new HeadersPresync(genesis, null, REGTEST, testClock, () => genesis.work + BigInt(n - 1) * WORK);
    expect(feedAll(p, long.slice(0, 64 * COMMITMENT_PERIOD), 2_000).at(-1)!.kind).toBe('more');
    expect(p.bytes).toBe(64 * 8); // exactly 64 commitments fit the first buffer
    expect(feedAll(p, long.slice(64 * COMMITMENT_PERIOD), 2_000).at(-1)).toEqual({ kind: 'redownload' });
    expect(p.bytes).toBe(128 * 8); // 66 commitments outgrew the first 64 slots once
    const second = feedAll(p, long, 2_000);
    expect(released(second)).toEqual(long);
    // The 65th commitment is checked too: a swap just below it is caught there.
    const q = new HeadersPresync(genesis, null, REGTEST, testClock, () => genesis.work + BigInt(n - 1) * WORK);
    feedAll(q, long, 2_000);
    const at = 65 * COMMITMENT_PERIOD; // height of the 65th commitment = index in `long` + 1
    const swapped = [...long.slice(0, at - 1), ...headerChain({ hash: headerHash(long[at - 2]!), time: long[at - 2]!.time }, n - at + 1, 'swap65')];
    expect(feedAll(q, swapped, 2_000).at(-1)).toEqual(DIFFERS);
    expect(q.headersChecked).toBe(n + at);
  });

  it('aborts, without blame, a chain longer than six headers a second allow, once the clock lets its times pass', () => {
    const genesis = forkAt(700); // above 0, so the bound is seen to count from the fork
    let now = genesis.header.time;
    const p = new HeadersPresync(genesis, null, REGTEST, () => now, () => 1n << 250n);
    const maxLength = 6 * MAX_FUTURE * REGTEST.spacing + 11;
    now += 1_000_000; // the clock moves on; the bound was fixed when presync began
    const steps = feedAll(p, sixPerSecond(genesis, maxLength + 1), 1_000);
    expect(steps.at(-1)).toEqual({ kind: 'aborted', reason: 'the chain is longer than the time rules allow' });
    expect(p.headersChecked).toBe(maxLength + 1);
    const q = new HeadersPresync(genesis, null, REGTEST, () => genesis.header.time + 1_000_000, () => 1n << 250n);
    expect(feedAll(q, sixPerSecond(genesis, maxLength), 1_000).at(-1)).toMatchObject({ kind: 'aborted', reason: 'the chain ended without more work than our tip' });
  });
});

const MAX_FUTURE = 12; // MAX_FUTURE_SPACINGS, written out so the test states the figure

/** The densest valid chain: past the first 11 headers, each time six times, so each header passes the median of the last 11. */
function sixPerSecond(parent: IndexEntry, n: number): BlockHeader[] {
  const target = targetFromBits(BITS) as bigint;
  const out: BlockHeader[] = [];
  let prevHash = parent.hash;
  for (let k = 0; k < n; k++) {
    const header: BlockHeader = { version: 1, prevHash, merkleRoot: new Uint8Array(32), time: parent.header.time + 1 + (k < 11 ? k : 11 + Math.floor((k - 11) / 6)), bits: BITS, nonce: 0 };
    while (hashValue(headerHash(header)) > target) header.nonce++;
    out.push(header);
    prevHash = headerHash(header);
  }
  return out;
}
