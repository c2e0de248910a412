import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { MiningController } from '../../../src/node/mining';
import type { MinerBackend } from '../../../src/workers/miner-pool';
import { ALICE, testClock } from '../core/helpers';
import { makeNode } from './harness';

class RecordingBackend implements MinerBackend {
  readonly jobs: number[] = [];
  stops = 0;
  workerCount = 1;
  setWorkers(): void {}
  setDuty(): void {}
  mine(jobId: number): void {
    this.jobs.push(jobId);
  }
  stop(): void {
    this.stops++;
  }
}

afterEach(() => vi.useRealTimers());

describe('mining controller', () => {
  it('waits for the clock instead of mining blocks every node would refuse as too new', async () => {
    const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false });
    await node.mineRegtestBlocks(12, ALICE.pub);
    const backend = new RecordingBackend();
    const controller = new MiningController(node, backend, ALICE.pub);
    // The chain's blocks are 1,000,000 s ahead of this clock: only a clock that catches up helps.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime((testClock() - 1_000_000) * 1000);
    controller.start();
    expect(backend.jobs).toEqual([]);
    expect(controller.stats().lastError).toMatch(/ahead of the clock.*waiting \d+ s/);
    // Once the clock is back with the chain, it mines.
    vi.setSystemTime(testClock() * 1000);
    vi.advanceTimersByTime(1_000_001_000);
    expect(backend.jobs.length).toBeGreaterThan(0);
    controller.stop();
  });
});
