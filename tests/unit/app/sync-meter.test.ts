import { describe, expect, it } from 'vitest';
import { AT_TIP_BLOCKS, describeEta, describeSync, MIN_RATE_SPAN_MS, RATE_WINDOW_MS, SyncMeter } from '../../../src/app/sync-meter';
import type { SyncProgress } from '../../../src/node/p2p/sync';

const at = (height: number, bestHeaderHeight = 10_000, peerHeight = bestHeaderHeight): SyncProgress => ({ height, bestHeaderHeight, inFlight: 0, syncing: height < bestHeaderHeight, peerHeight });

describe('sync progress: rate and time left', () => {
  it('is at the tip, not syncing, up to AT_TIP_BLOCKS behind its best header (a block announced before its body)', () => {
    expect(AT_TIP_BLOCKS).toBe(2);
    const m = new SyncMeter();
    expect(m.update(at(100, 100), 0).syncing).toBe(false);
    expect(m.update(at(100, 101), 10).syncing).toBe(false);
    expect(m.update(at(100, 102), 20).syncing).toBe(false);
    const behind = m.update(at(100, 103), 30);
    expect(behind.syncing).toBe(true);
    expect(behind.percent).toBe(97);
  });

  it('knows no rate until it has seen two seconds of download', () => {
    const m = new SyncMeter();
    expect(m.update(at(0), 0).blocksPerSecond).toBeNull();
    const v = m.update(at(500), MIN_RATE_SPAN_MS - 1);
    expect(v.blocksPerSecond).toBeNull();
    expect(v.etaSeconds).toBeNull();
    expect(v.percent).toBe(5);
  });

  it('measures blocks per second and the time left at that rate', () => {
    const m = new SyncMeter();
    m.update(at(0), 0);
    const v = m.update(at(1_000), 4_000);
    expect(v.blocksPerSecond).toBe(250);
    expect(v.etaSeconds).toBe(36); // 9,000 blocks left at 250/s
    expect(m.update(at(10_000), 5_000).etaSeconds).toBe(0);
  });

  it('forgets a fast start: the rate is over the last 20 s only', () => {
    const m = new SyncMeter();
    m.update(at(0), 0);
    m.update(at(4_000), 2_000); // 2,000 blocks/s at first
    for (let t = 4_000; t <= 60_000; t += 2_000) m.update(at(4_000 + (t - 2_000) / 100), t); // then 10 blocks/s
    const v = m.update(at(4_600), 62_000);
    expect(v.blocksPerSecond).toBeCloseTo(10, 0);
    expect(v.etaSeconds).toBe(Math.ceil(5_400 / v.blocksPerSecond!));
    expect(RATE_WINDOW_MS).toBe(20_000);
  });

  it('starts over when the height goes down (a reorg or a restart)', () => {
    const m = new SyncMeter();
    m.update(at(5_000), 0);
    m.update(at(6_000), 10_000);
    expect(m.update(at(100), 11_000).blocksPerSecond).toBeNull();
  });

  it('says it all in one sentence, and shows a peer height only as a claim', () => {
    const m = new SyncMeter();
    m.update(at(0, 2_000, 10_000), 0);
    const v = m.update(at(1_000, 2_000, 10_000), 10_000);
    expect(describeSync(v)).toBe('Blocks 1,000 of 2,000 (50%), headers 2,000 (peers report 10,000), 100 blocks/s, about 10 s left');
    expect(describeEta(null)).toBe('time left unknown');
    expect(describeEta(125)).toBe('about 2 min 5 s left');
    expect(describeEta(3_725)).toBe('about 1 h 2 min left');
  });
});
