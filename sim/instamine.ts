// Issue 15: can the first miner of a network print coins by lying about time? A seeded simulation
// of one miner alone on a fresh network, using the consensus code itself (nextBits, anchorAfter,
// checkHeaderContext, medianTime), for every timestamp strategy the rules allow: block 1 backdated
// to genesis + 1 s, every later time anywhere from the median time past + 1 to the future limit.
// Blocks are found after an exponential number of seconds with mean work / hashrate.
// `npm run sim:instamine` prints the full table (docs/PROTOCOL.md); tests/unit/sim/instamine.test.ts
// runs the current rule in `npm test`.
import { anchorAfter, medianTime, nextBits, type DifficultyAnchor } from '../src/core/consensus/difficulty';
import { checkHeaderContext } from '../src/core/consensus/header-rules';
import { asertTarget } from '../src/core/pow/asert';
import { encodeBits, targetFromBits, workFromTarget } from '../src/core/pow/compact';
import { MAX_FUTURE_SPACINGS, MEDIAN_TIME_SPAN } from '../src/core/protocol/consensus';
import type { NetworkParams } from '../src/core/protocol/networks';
import type { BlockHeader } from '../src/core/primitives/header';
import { prng } from './events';

/** The times a block may carry, and the wall clock when it was found. */
export interface TimeBounds {
  /** The new block's height (1: the first block after genesis). */
  height: number;
  /** Median time past + 1. */
  earliest: number;
  /** The future limit: the clock plus MAX_FUTURE_SPACINGS spacings. */
  latest: number;
  now: number;
}

/** Chooses a block's time within its bounds. */
export type TimeStrategy = (b: TimeBounds, rand: () => number) => number;

const honestTime = (b: TimeBounds) => Math.max(b.now, b.earliest);

export const STRATEGIES: Record<string, TimeStrategy> = {
  honest: honestTime,
  'backdate block 1': (b) => (b.height === 1 ? b.earliest : honestTime(b)),
  'backdate block 1, then the future limit': (b) => (b.height === 1 ? b.earliest : b.latest),
  'always the future limit': (b) => b.latest,
  // Mines the start-up rush with frozen times, then spends the backdated gap at once.
  'backdate 400 blocks, then the future limit': (b) => (b.height <= 400 ? b.earliest : b.latest),
  'backdate block 1, then alternate the bounds': (b) => (b.height % 2 === 1 ? b.earliest : b.latest),
  'backdate block 1, then any time': (b, rand) => (b.height === 1 ? b.earliest : b.earliest + Math.floor(rand() * (b.latest - b.earliest + 1))),
  'honest, every other block at the future limit': (b) => (b.height % 2 === 0 ? b.latest : honestTime(b)),
};

export interface InstamineRun {
  params: NetworkParams;
  /** Wall-clock second at which the miner starts (days after the genesis time, typically). */
  launch: number;
  hashesPerSecond: number;
  seconds: number;
  seed: number;
  strategy: TimeStrategy;
  /** The difficulty rule: today's, or the one issue 15 replaced (ASERT from block 1, limit 2^240). */
  rule?: 'current' | 'before-issue-15';
}

/** The bits before issue 15: ASERT anchored at block 1's own time, easing to 2^240 - 1. */
function bitsBeforeFix(params: NetworkParams, height: number, time: number, firstTime: number | null): number {
  if (height === 0 || firstTime === null) return params.genesis.header.bits;
  const anchor = { height: 1, parentTime: firstTime - params.spacing, target: targetFromBits(params.genesis.header.bits) as bigint };
  return encodeBits(asertTarget(anchor, height, time, { ...params, powLimit: (1n << 240n) - 1n }));
}

/** Blocks the miner finds in `seconds` of wall clock. */
export function simulateInstamine(run: InstamineRun): number {
  const { params, launch, hashesPerSecond, seconds } = run;
  const rand = prng(run.seed);
  const pick = prng(run.seed ^ 0x5eed);
  const times = [params.genesis.header.time];
  let height = 0;
  let anchor: DifficultyAnchor | null = null;
  let now = launch;
  const header: BlockHeader = { ...params.genesis.header };
  for (;;) {
    const parentTime = times[times.length - 1] as number;
    const bits = run.rule === 'before-issue-15' ? bitsBeforeFix(params, height, parentTime, times[1] ?? null) : nextBits(params, { height, time: parentTime, anchor });
    const work = workFromTarget(targetFromBits(bits) as bigint);
    now += (-Math.log(1 - rand()) * Number(work)) / hashesPerSecond;
    if (now > launch + seconds) return height;
    const mtp = medianTime(times.slice(-MEDIAN_TIME_SPAN));
    const future = MAX_FUTURE_SPACINGS * params.spacing;
    // A block no time fits yet (the chain runs ahead of the clock) waits until one does.
    if (mtp + 1 > Math.floor(now) + future) now = mtp + 1 - future;
    const clock = Math.floor(now);
    const b = { height: height + 1, earliest: mtp + 1, latest: clock + future, now: clock };
    header.time = Math.min(b.latest, Math.max(b.earliest, run.strategy(b, pick)));
    header.bits = bits;
    // The rules every node applies: it throws if the strategy broke one.
    checkHeaderContext(header, { expectedBits: bits, medianTimePast: mtp, now: clock }, params);
    height++;
    times.push(header.time);
    anchor = anchorAfter(params, anchor, { height, time: header.time });
  }
}

export interface InstamineReport {
  schedule: number;
  best: { strategy: string; blocks: number };
  byStrategy: Record<string, number>;
  /** best / schedule - 1. */
  gain: number;
}

/** Every strategy over the same seeds; the best average against the ideal schedule (seconds / spacing). */
export function instamineReport(base: Omit<InstamineRun, 'strategy' | 'seed'>, seeds: number[]): InstamineReport {
  const byStrategy: Record<string, number> = {};
  for (const [name, strategy] of Object.entries(STRATEGIES)) {
    byStrategy[name] = seeds.reduce((n, seed) => n + simulateInstamine({ ...base, strategy, seed }), 0) / seeds.length;
  }
  const [strategy, blocks] = Object.entries(byStrategy).sort((a, b) => b[1] - a[1])[0] as [string, number];
  const schedule = base.seconds / base.params.spacing;
  return { schedule, best: { strategy, blocks }, byStrategy, gain: blocks / schedule - 1 };
}

if (process.argv[1]?.endsWith('instamine.ts')) {
  const { CLASSROOM, MAIN, classroomNetwork } = await import('../src/core/protocol/networks');
  const day = 86_400;
  const seeds = [1, 2, 3];
  const cases = [
    { name: 'main, 2 MH/s (the launch rate), 8 days after genesis', params: MAIN, launch: MAIN.genesis.header.time + 8 * day, hashesPerSecond: 2e6 },
    { name: 'main, 20 MH/s, 8 days after genesis', params: MAIN, launch: MAIN.genesis.header.time + 8 * day, hashesPerSecond: 2e7 },
    { name: 'classroom, 1 MH/s (its launch rate), 180 days after genesis', params: classroomNetwork('room1'), launch: MAIN.genesis.header.time + 180 * day, hashesPerSecond: CLASSROOM.startHashesPerSecond },
    { name: 'classroom, 4 MH/s, 180 days after genesis', params: classroomNetwork('room1'), launch: MAIN.genesis.header.time + 180 * day, hashesPerSecond: 4 * CLASSROOM.startHashesPerSecond },
  ];
  for (const c of cases) {
    for (const rule of ['current', 'before-issue-15'] as const) {
      const r = instamineReport({ params: c.params, launch: c.launch, hashesPerSecond: c.hashesPerSecond, seconds: day, rule }, rule === 'current' ? seeds : [1]);
      console.log(`${c.name}, rule ${rule}: schedule ${r.schedule}, best ${r.best.blocks.toFixed(0)} (${r.best.strategy}), gain ${(r.gain * 100).toFixed(1)}%`);
      for (const [k, v] of Object.entries(r.byStrategy)) console.log(`    ${k}: ${v.toFixed(0)}`);
    }
  }
}
