import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { recordReliability } from '../../support/reliability';
import { decoderProperty, handlerRig, messageBytes, seedMessages } from './fuzz-targets';

// The short fuzz run of `npm test` (seeded). `npm run fuzz` runs the same targets for a million cases.
const CASES = Number(process.env.FUZZ_CASES ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
// `npm run reliability` collects the figures of the run for docs/RELIABILITY.md.
const report: Record<string, unknown> = { seed: SEED };
// A real garbage collection before each heap reading, so growth means retained memory.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const heapUsed = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};
recordReliability('fuzz', () => report);

describe('fuzzing (short run)', () => {
  it('the message decoder returns a message or a CodecError, quickly, for any bytes', async () => {
    const rig = await handlerRig();
    const seeds = await seedMessages(rig.node);
    let slowest = 0;
    const t0 = performance.now();
    fc.assert(
      fc.property(messageBytes(seeds), (b) => {
        slowest = Math.max(slowest, decoderProperty(b));
      }),
      { seed: SEED, numRuns: CASES },
    );
    report.decoder = { cases: CASES, failures: 0, slowestMs: round(slowest), seconds: round((performance.now() - t0) / 1000) };
    rig.node.stop();
  });

  it('no message a peer sends throws out of a handler, hangs, or corrupts the chain', async () => {
    const rig = await handlerRig();
    const seeds = await seedMessages(rig.node);
    const start = rig.node.chain.height;
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('unhandledRejection', onError);
    process.on('uncaughtException', onError);
    let slowest = 0;
    const heapBefore = heapUsed();
    const indexBefore = [...rig.node.chain.index.all()].length;
    const t0 = performance.now();
    const cases = Number(process.env.FUZZ_HANDLER_CASES ?? Math.ceil(CASES / 3));
    await fc.assert(
      fc.asyncProperty(messageBytes(seeds), async (bytes) => {
        const t = performance.now();
        await rig.feed(bytes);
        slowest = Math.max(slowest, performance.now() - t);
      }),
      { seed: SEED, numRuns: cases },
    );
    report.handlers = {
      cases,
      escaped: errors.length,
      slowestMs: round(slowest),
      seconds: round((performance.now() - t0) / 1000),
      outcomes: Object.fromEntries([...rig.outcomes].sort((a, b) => b[1] - a[1])),
      heapGrowthMB: round((heapUsed() - heapBefore) / 2 ** 20),
      connectedBlocks: rig.node.chain.height - start,
      // Mutated headers that still meet regtest's trivial target are valid side-chain headers.
      headersIndexed: [...rig.node.chain.index.all()].length - indexBefore,
    };
    process.off('unhandledRejection', onError);
    process.off('uncaughtException', onError);
    expect(errors).toEqual([]);
    expect(slowest).toBeLessThan(1_000);
    // Only the one valid block among the seeds can have been connected, and the stored state is
    // exactly a replay of the stored blocks.
    expect(rig.node.chain.height - start).toBeLessThanOrEqual(1);
    expect(await rig.node.checkConsistency()).toMatchObject({ ok: true });
    // Memory stays bounded: the orphan pool and the mempool are within their caps.
    expect(rig.node.chain.orphans.size).toBeLessThanOrEqual(rig.node.chain.orphans.maxCount);
    expect(rig.node.mempool.totalBytes).toBeLessThanOrEqual(rig.node.mempool.maxBytes);
    rig.node.stop();
  }, Number(process.env.FUZZ_HANDLER_CASES ?? 0) > 100_000 ? 3_600_000 : 120_000);
});

const round = (x: number) => Math.round(x * 100) / 100;
