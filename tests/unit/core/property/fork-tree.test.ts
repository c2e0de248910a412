import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALICE, BOB, CAROL, deliver, makeBlock, newChain, transfer, type Key } from '../helpers';
import { COIN } from '../../../../src/core/protocol/consensus';
import { blockSubsidy } from '../../../../src/core/protocol/networks';
import { VerifyError } from '../../../../src/core/protocol/verify-error';
import { totalOf } from '../../../../src/core/state/account';
import { decodeBlock } from '../../../../src/core/primitives/block';
import type { IndexEntry } from '../../../../src/core/chain/header-index';

const KEYS: Key[] = [ALICE, BOB, CAROL];

// A random tree of forks: each step mines a block on a random earlier block, with random
// transfers (valid or not). Whatever the order of connects, disconnects and rejections:
//  - the state equals a replay from genesis of the best chain's blocks, and
//  - all balances sum to the subsidies issued along the best chain.
const step = fc.record({
  parentPick: fc.nat(),
  miner: fc.integer({ min: 0, max: 2 }),
  transfers: fc.array(fc.record({ from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), coins: fc.integer({ min: 1, max: 60 }), nonceSkew: fc.integer({ min: -1, max: 1 }) }), { maxLength: 3 }),
});

let disconnects = 0;
let invalids = 0;

describe('fork trees (property)', () => {
  it('state after any sequence of reorgs equals a replay of the best chain, and sums to the subsidies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 18 }), async (steps) => {
        const { chain, store } = await newChain();
        chain.events.on('disconnect', () => disconnects++);
        chain.events.on('invalid', () => invalids++);
        let entries: IndexEntry[] = [chain.tip];
        for (const s of steps) {
          const parent = entries[s.parentPick % entries.length]!;
          // Nonces as the parent's branch sees them is unknown here; aim at the active chain's and skew.
          const nonces = new Map<string, number>();
          const txs = s.transfers.map((t) => {
            const from = KEYS[t.from]!;
            const next = nonces.get(from.hex) ?? (chain.account(from.hex)?.nonce ?? 0) + t.nonceSkew;
            nonces.set(from.hex, next + 1);
            return transfer(from, KEYS[t.to]!, BigInt(t.coins) * COIN, Math.max(0, next));
          });
          const block = makeBlock(chain, { parent, to: KEYS[s.miner], txs, dt: 1 + (s.parentPick % 50) });
          try {
            await deliver(chain, block);
          } catch (error) {
            if (!(error instanceof VerifyError)) throw error;
          }
          // Any valid header may be built on: its block reaches the chain when its branch has more work.
          entries = [...chain.index.all()].filter((e) => !e.invalid);
        }
        // Replay the best chain from genesis on a fresh node.
        const { chain: replay } = await newChain();
        for (const e of chain.activeFrom(1)) {
          expect(await replay.submitBlock(decodeBlock((await store.getBlock(e.hashHex))!))).toBe('connected');
        }
        expect(replay.tip.hashHex).toBe(chain.tip.hashHex);
        expect(new Map([...chain.accounts].sort())).toEqual(new Map([...replay.accounts].sort()));
        expect([...store.accounts].sort()).toEqual([...chain.accounts].sort());
        let issued = 0n;
        for (let h = 1; h <= chain.height; h++) issued += blockSubsidy(chain.params, h);
        const held = [...chain.accounts.values()].reduce((n, a) => n + totalOf(a), 0n);
        expect(held).toBe(issued);
      }),
      { seed: 20261123, numRuns: 30 },
    );
    // The runs did exercise reorgs and rejected blocks.
    expect(disconnects).toBeGreaterThan(10);
    expect(invalids).toBeGreaterThan(10);
  }, 120_000);
});
