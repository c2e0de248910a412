import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decoderProperty, handlerRig, messageBytes, seedMessages } from './fuzz-targets';

// The short fuzz run of `npm test` (seeded). `npm run fuzz` runs the same targets for a million cases.
const CASES = Number(process.env.FUZZ_CASES ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);

describe('fuzzing (short run)', () => {
  it('the message decoder returns a message or a CodecError, quickly, for any bytes', async () => {
    const rig = await handlerRig();
    const seeds = await seedMessages(rig.node);
    fc.assert(fc.property(messageBytes(seeds), (b) => decoderProperty(b, 50)), { seed: SEED, numRuns: CASES });
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
    await fc.assert(
      fc.asyncProperty(messageBytes(seeds), async (bytes) => {
        const t = performance.now();
        await rig.feed(bytes);
        slowest = Math.max(slowest, performance.now() - t);
      }),
      { seed: SEED, numRuns: Math.ceil(CASES / 3) },
    );
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
  }, 120_000);
});
