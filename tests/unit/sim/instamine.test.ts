// Issue 15: no instamine. The seeded simulation (sim/instamine.ts) over 24 simulated hours, on
// main and a classroom network each started days after its genesis time, for every timestamp
// strategy the rules allow; and the bound on what lying about time later in the chain can gain.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { instamineReport, simulateInstamine, STRATEGIES } from '../../../sim/instamine';
import { CLASSROOM, classroomNetwork, MAIN } from '../../../src/core/protocol/networks';
import { nextBits } from '../../../src/core/consensus/difficulty';
import { targetFromBits } from '../../../src/core/pow/compact';
import { MAX_FUTURE_SPACINGS } from '../../../src/core/protocol/consensus';

const DAY = 86_400;
const SEEDS = [1, 2, 3];

describe('instamine simulation (24 simulated hours)', () => {
  it('main at its launch hashrate, 8 days after genesis: no strategy beats the schedule by more than 10%', () => {
    const base = { params: MAIN, launch: MAIN.genesis.header.time + 8 * DAY, hashesPerSecond: 2e6, seconds: DAY };
    const report = instamineReport(base, SEEDS);
    expect(report.schedule).toBe(2880);
    expect(report.gain).toBeLessThanOrEqual(0.1);
    // The same miner under the rule issue 15 replaced: block 1 backdated prints blocks (~26,000).
    const before = simulateInstamine({ ...base, rule: 'before-issue-15', seed: 1, strategy: STRATEGIES['backdate block 1']! });
    expect(before).toBeGreaterThan(20 * 2880 / 3);
  });

  it('a classroom network started half a year after its fixed genesis time, at its launch hashrate: the same bound', () => {
    const params = classroomNetwork('room-15');
    const report = instamineReport({ params, launch: params.genesis.header.time + 180 * DAY, hashesPerSecond: CLASSROOM.startHashesPerSecond, seconds: DAY }, SEEDS);
    expect(report.schedule).toBe(DAY / CLASSROOM.spacing);
    expect(report.gain).toBeLessThanOrEqual(0.1);
    // The rule it replaced: the same miner, block 1 backdated, prints many times the schedule.
    const before = simulateInstamine({ params, launch: params.genesis.header.time + 180 * DAY, hashesPerSecond: CLASSROOM.startHashesPerSecond, seconds: DAY, rule: 'before-issue-15', seed: 1, strategy: STRATEGIES['backdate block 1']! });
    expect(before).toBeGreaterThan(3 * report.schedule);
  });

  it('a miner far above the launch hashrate gains at most one start-up rush over an honest miner as strong', () => {
    // Both start at the launch target and mine fast until ASERT catches up (halfLife x log2(10) /
    // spacing, about 400 blocks); the backdated gap buys one more such rush, once.
    const base = { params: MAIN, launch: MAIN.genesis.header.time + 8 * DAY, hashesPerSecond: 2e7, seconds: DAY };
    const report = instamineReport(base, SEEDS);
    const honest = report.byStrategy.honest!;
    const rush = (MAIN.halfLife * Math.log2(10)) / MAIN.spacing;
    expect(report.best.blocks - honest).toBeLessThanOrEqual(rush);
  });
});

describe('lying about time later in the chain', () => {
  const lie = MAX_FUTURE_SPACINGS * MAIN.spacing;
  const bound = 2 ** (lie / MAIN.halfLife); // 1.0718: 7.2%

  it('a parent stamped at the future limit eases its child by at most 7.2%, never more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000_000 }), fc.integer({ min: -20 * 3600, max: 0 }), (height, ahead) => {
        const anchor = { height: 1, time: MAIN.genesis.header.time + 86_400 };
        const time = anchor.time + (height - 1) * MAIN.spacing + ahead - lie;
        const honest = targetFromBits(nextBits(MAIN, { height, time, anchor }))!;
        const lying = targetFromBits(nextBits(MAIN, { height, time: time + lie, anchor }))!;
        expect(lying).toBeGreaterThanOrEqual(honest);
        // Within ASERT's polynomial (0.013%) and the rounding of compact bits.
        expect(Number((lying * 1_000_000n) / honest) / 1_000_000).toBeLessThanOrEqual(bound * 1.0003);
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('lies do not compound: lying on every block, or every other, gains under 7.2% in blocks', () => {
    for (const hashesPerSecond of [2e6, 8e6]) {
      const base = { params: MAIN, launch: MAIN.genesis.header.time + DAY, hashesPerSecond, seconds: DAY };
      for (const seed of SEEDS) {
        const honest = simulateInstamine({ ...base, seed, strategy: STRATEGIES.honest! });
        for (const name of ['always the future limit', 'honest, every other block at the future limit']) {
          expect(simulateInstamine({ ...base, seed, strategy: STRATEGIES[name]! }) / honest).toBeLessThanOrEqual(bound);
        }
      }
    }
  });
});
