import { afterEach, beforeEach, describe, expect, it, type RunnerTestSuite, type RunnerTestFile } from 'vitest';
import { ALICE, BOB, CAROL, makeBlock, mineMany, newChain, testClock, transfer } from '../helpers';
import { COIN, MAX_BLOCK_BYTES, MAX_MONEY, TRANSFER_BASE_BYTES } from '../../../../src/core/protocol/consensus';
import { blockSubsidy, MAIN, REGTEST } from '../../../../src/core/protocol/networks';
import { RULES, type RuleId } from '../../../../src/core/protocol/rules';
import { VerifyError } from '../../../../src/core/protocol/verify-error';
import { computeMerkleRoot, encodeBlock, type Block } from '../../../../src/core/primitives/block';
import { headerHash, hashValue } from '../../../../src/core/primitives/header';
import { targetFromBits } from '../../../../src/core/pow/compact';
import { solveBlock } from '../../../../src/core/mining/solve';
import { TX_KIND_COINBASE, type CoinbaseTx, type TransferTx } from '../../../../src/core/primitives/tx';
import type { Chain } from '../../../../src/core/chain/chain';
import { applyTransfer, connectBlockEffects, StateView } from '../../../../src/core/consensus/connect';
import { checkBlockSanity, checkCoinbasePlacement, decodeBlockInput, type CheckedBlock } from '../../../../src/core/consensus/block-rules';
import { checkProofOfWork } from '../../../../src/core/consensus/header-rules';
import { checkTransferSanity } from '../../../../src/core/consensus/tx-rules';
import { SigCache } from '../../../../src/core/consensus/sig-cache';
import { txid } from '../../../../src/core/primitives/tx';
import { toHex } from '../../../../src/core/encoding/bytes';
import type { Account } from '../../../../src/core/state/account';

// One test per rule: the invalid block is rejected with that rule's ID, and its valid neighbour
// (the same block without the fault) is accepted. A test's name starts with the rule IDs it
// proves ("bad-cb-missing and bad-cb-multiple", "tx-bad-nonce: reuse…"); after each test every
// ID its name claims must have been seen, so the catalogue below can read the names and holds
// when it runs alone.

const RULE_IDS = Object.keys(RULES) as RuleId[];
const claimedBy = (testName: string): RuleId[] => {
  const head = (testName.split(':')[0] as string).split(/,? and |, /);
  return RULE_IDS.filter((id) => head.includes(id));
};
let seen = new Set<RuleId>();
beforeEach(() => {
  seen = new Set();
});
afterEach(({ task }) => {
  expect(claimedBy(task.name).filter((id) => !seen.has(id)), `${task.name}: rules named but not shown`).toEqual([]);
});

async function expectRule(chain: Chain, bad: Block | Uint8Array, code: RuleId, good?: Block | Uint8Array): Promise<VerifyError> {
  seen.add(code);
  const error = await chain.submitBlock(bad).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(VerifyError);
  expect((error as VerifyError).code).toBe(code);
  expect((error as VerifyError).explanation).toBe(RULES[code]);
  if (good) expect(await chain.submitBlock(good)).toBe('connected');
  return error as VerifyError;
}

/** Rebuilds the merkle root and re-solves after changing transactions. */
function reseal(block: Block): Block {
  block.header.merkleRoot = computeMerkleRoot(block.txs);
  block.header.nonce = 0;
  solveBlock(block, 1_000_000);
  return block;
}

async function funded(): Promise<Chain> {
  const { chain } = await newChain();
  await mineMany(chain, 4); // Alice: 100 coins mature at height 5 (rewards of heights 1-3 unlock at 3-5)
  return chain;
}

describe('header rules', () => {
  it('bad-encoding: trailing bytes', async () => {
    const { chain } = await newChain();
    const good = encodeBlock(makeBlock(chain));
    await expectRule(chain, new Uint8Array([...good, 0]), 'bad-encoding', good);
  });

  it('bad-version', async () => {
    const { chain } = await newChain();
    await expectRule(chain, makeBlock(chain, { mutate: (b) => (b.header.version = 2) }), 'bad-version', makeBlock(chain));
  });

  it('bad-pow: a hash above the target', async () => {
    const { chain } = await newChain();
    const good = makeBlock(chain);
    const bad = structuredClone(good);
    const target = targetFromBits(bad.header.bits)!;
    do bad.header.nonce++;
    while (hashValue(headerHash(bad.header)) <= target);
    await expectRule(chain, bad, 'bad-pow', good);
  });

  it('bad-diffbits: bits other than the computed ones, or beyond the limit', async () => {
    const { chain } = await newChain();
    await expectRule(chain, makeBlock(chain, { mutate: (b) => (b.header.bits = 0x1f7fffff) }), 'bad-diffbits');
    await expectRule(chain, makeBlock(chain, { mutate: (b) => (b.header.bits = 0x2100ffff) }), 'bad-diffbits', makeBlock(chain));
  });

  it('time-too-old: not after the median of the last 11', async () => {
    const { chain } = await newChain();
    await mineMany(chain, 11);
    const mtp = chain.index.medianTimePast(chain.tip);
    const bad = makeBlock(chain, { mutate: (b) => (b.header.time = mtp) });
    const good = makeBlock(chain, { mutate: (b) => (b.header.time = mtp + 1) });
    await expectRule(chain, bad, 'time-too-old', good);
  });

  it('time-too-new: beyond now plus 12 spacings, without blaming the sender', async () => {
    const { chain } = await newChain();
    const limit = testClock() + 12 * chain.params.spacing;
    const bad = makeBlock(chain, { mutate: (b) => (b.header.time = limit + 1) });
    const error = await expectRule(chain, bad, 'time-too-new', makeBlock(chain, { mutate: (b) => (b.header.time = limit) }));
    expect(error.score).toBe(0);
  });

  it('bad-prevblk: building on an invalid block', async () => {
    const { chain } = await newChain();
    const bad = makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).amount += 1n) });
    reseal(bad);
    await expectRule(chain, bad, 'bad-cb-amount');
    const parent = [...chain.index.all()].find((e) => e.invalid)!;
    await expectRule(chain, makeBlock(chain, { parent }), 'bad-prevblk', makeBlock(chain));
  });
});

describe('block rules', () => {
  it('bad-blk-size', async () => {
    const chain = await funded();
    const filler: TransferTx = transfer(ALICE, BOB, COIN, 0);
    const count = Math.ceil(MAX_BLOCK_BYTES / TRANSFER_BASE_BYTES);
    const bad = makeBlock(chain, { mutate: (b) => b.txs.push(...Array.from({ length: count }, (_, i) => ({ ...filler, nonce: i }))) });
    await expectRule(chain, reseal(bad), 'bad-blk-size', makeBlock(chain));
  });

  it('bad-blk-empty', async () => {
    const { chain } = await newChain();
    await expectRule(chain, reseal(makeBlock(chain, { mutate: (b) => (b.txs = []) })), 'bad-blk-empty', makeBlock(chain));
  });

  it('bad-cb-missing and bad-cb-multiple', async () => {
    const chain = await funded();
    const tx = transfer(ALICE, BOB, COIN, 0);
    await expectRule(chain, reseal(makeBlock(chain, { txs: [tx], mutate: (b) => b.txs.reverse() })), 'bad-cb-missing');
    const second = makeBlock(chain, { mutate: (b) => b.txs.push({ ...(b.txs[0] as CoinbaseTx), extraNonce: 9n }) });
    await expectRule(chain, reseal(second), 'bad-cb-multiple', makeBlock(chain, { txs: [tx] }));
  });

  it('bad-merkle, without condemning the header (the body may be a mutation)', async () => {
    const { chain } = await newChain();
    const good = makeBlock(chain);
    const bad = structuredClone(good);
    (bad.txs[0] as CoinbaseTx).extraNonce = 7n;
    await expectRule(chain, bad, 'bad-merkle', good);
  });

  it('bad-txns-duplicate: the CVE-2012-2459 mutation keeps the root but is rejected', async () => {
    const chain = await funded();
    const t1 = transfer(ALICE, BOB, COIN, 0);
    const t2 = transfer(ALICE, BOB, COIN, 1);
    const good = makeBlock(chain, { txs: [t1, t2] });
    // [cb, t1, t2] and [cb, t1, t2, t2] share a merkle root: the odd level repeats its last hash.
    const bad: Block = { header: good.header, txs: [...good.txs, t2] };
    expect(computeMerkleRoot(bad.txs)).toEqual(good.header.merkleRoot);
    await expectRule(chain, bad, 'bad-txns-duplicate', good);
  });

  it('bad-cb-amount: more than subsidy plus fees', async () => {
    const chain = await funded();
    const tx = transfer(ALICE, BOB, COIN, 0);
    const bad = reseal(makeBlock(chain, { txs: [tx], mutate: (b) => ((b.txs[0] as CoinbaseTx).amount += 1n) }));
    await expectRule(chain, bad, 'bad-cb-amount', makeBlock(chain, { txs: [tx] }));
  });

  it('bad-cb-height', async () => {
    const { chain } = await newChain();
    const bad = reseal(makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).height = 5) }));
    await expectRule(chain, bad, 'bad-cb-height', makeBlock(chain));
  });

  it('bad-cb-chain: a coinbase for another network', async () => {
    const { chain } = await newChain();
    const bad = reseal(makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).chainId = MAIN.genesisHash) }));
    await expectRule(chain, bad, 'bad-cb-chain', makeBlock(chain));
  });

  it('a coinbase may claim less than allowed (the rest is never issued)', async () => {
    const { chain } = await newChain();
    const less = reseal(makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).amount = 1n) }));
    expect(await chain.submitBlock(less)).toBe('connected');
    expect(less.txs[0]!.kind).toBe(TX_KIND_COINBASE);
  });
});

describe('transaction rules', () => {
  const cases: Array<[RuleId, (good: TransferTx) => TransferTx]> = [
    ['tx-wrong-chain', () => transfer(ALICE, BOB, COIN, 0, {}, MAIN)],
    ['tx-bad-sig', (t) => ({ ...t, signature: t.signature.map((b, i) => (i === 10 ? b ^ 1 : b)) })],
    ['tx-bad-sig', (t) => ({ ...t, amount: t.amount + 1n })], // a field the signature covers
    ['tx-bad-amount', () => transfer(ALICE, BOB, 0n, 0)],
    ['tx-bad-amount', () => transfer(ALICE, BOB, MAX_MONEY + 1n, 0)],
    ['tx-fee-too-low', () => transfer(ALICE, BOB, COIN, 0, { fee: 999n })],
    ['tx-overflow', () => transfer(ALICE, BOB, MAX_MONEY, 0)],
    ['tx-memo-too-long', () => transfer(ALICE, BOB, COIN, 0, { memo: new Uint8Array(65) })],
    ['tx-bad-nonce', () => transfer(ALICE, BOB, COIN, 1)], // a gap
    ['tx-insufficient-funds', () => transfer(ALICE, BOB, 1_000n * COIN, 0)],
    ['tx-immature-coinbase', () => transfer(ALICE, BOB, 150n * COIN, 0)], // 100 mature, 100 immature
  ];

  for (const [code, makeBad] of cases) {
    it(`${code}`, async () => {
      const chain = await funded();
      const good = transfer(ALICE, BOB, COIN, 0);
      await expectRule(chain, reseal(makeBlock(chain, { txs: [makeBad(good)] })), code, makeBlock(chain, { txs: [good] }));
    });
  }

  it('tx-bad-nonce: reuse, in a later block and within one block', async () => {
    const chain = await funded();
    const t0 = transfer(ALICE, BOB, COIN, 0);
    await expectRule(chain, makeBlock(chain, { txs: [t0, transfer(ALICE, BOB, 2n * COIN, 0)] }), 'tx-bad-nonce', makeBlock(chain, { txs: [t0] }));
    await expectRule(chain, makeBlock(chain, { txs: [transfer(ALICE, CAROL, COIN, 0)] }), 'tx-bad-nonce', makeBlock(chain, { txs: [transfer(ALICE, BOB, COIN, 1)] }));
  });

  it('later transactions in a block see the state after earlier ones', async () => {
    const chain = await funded();
    const toBob = transfer(ALICE, BOB, 10n * COIN, 0);
    const bobSpends = transfer(BOB, ALICE, 5n * COIN, 0);
    expect(await chain.submitBlock(makeBlock(chain, { txs: [toBob, bobSpends] }))).toBe('connected');
    expect(chain.account(BOB.hex)!.balance).toBe(5n * COIN - 1_000n);
  });
});


// The rule functions at their exact bounds, called directly: a chain test only shows that a
// block far past a bound fails, not where the bound is.
describe('rules at their bounds', () => {
  const codeOf = (fn: () => unknown): string | null => {
    try {
      fn();
      return null;
    } catch (error) {
      if (error instanceof VerifyError) return error.code;
      throw error;
    }
  };
  const viewOf = (accounts: Record<string, Account>) => new StateView((hex) => accounts[hex] ?? null);

  it('a header hash exactly at its target is valid proof of work; one above is not', async () => {
    const { chain } = await newChain();
    const header = makeBlock(chain).header;
    const target = targetFromBits(header.bits)!;
    const hashOf = (value: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((value >> BigInt(8 * (31 - i))) & 0xffn));
    expect(codeOf(() => checkProofOfWork(header, hashOf(target), REGTEST))).toBeNull();
    expect(codeOf(() => checkProofOfWork(header, hashOf(target + 1n), REGTEST))).toBe('bad-pow');
  });

  it('bits that encode no target, or one easier than the limit, are refused even under a zero hash', async () => {
    const { chain } = await newChain();
    const header = makeBlock(chain).header;
    const zero = new Uint8Array(32);
    expect(codeOf(() => checkProofOfWork({ ...header, bits: 0 }, zero, REGTEST))).toBe('bad-diffbits');
    expect(codeOf(() => checkProofOfWork({ ...header, bits: 0x04923456 }, zero, REGTEST))).toBe('bad-diffbits'); // negative
    const easier = 0x21008000; // 2^255, a valid target just past regtest's limit
    expect(targetFromBits(easier)! > REGTEST.powLimit).toBe(true);
    expect(codeOf(() => checkProofOfWork({ ...header, bits: easier }, zero, REGTEST))).toBe('bad-diffbits');
    expect(codeOf(() => checkProofOfWork({ ...header, bits: header.bits }, zero, REGTEST))).toBeNull();
  });

  it('a block of exactly MAX_BLOCK_BYTES is within the limit; one byte more is not', async () => {
    const { chain } = await newChain();
    const block = makeBlock(chain);
    expect(codeOf(() => checkBlockSanity(block, MAX_BLOCK_BYTES, REGTEST, new SigCache()))).toBeNull();
    expect(codeOf(() => checkBlockSanity(block, MAX_BLOCK_BYTES + 1, REGTEST, new SigCache()))).toBe('bad-blk-size');
  });

  it('an empty body has no coinbase (a rule, not a crash); an error that is not malformed bytes is not a rule', async () => {
    const { chain } = await newChain();
    const { header } = makeBlock(chain);
    expect(codeOf(() => checkCoinbasePlacement({ header, txs: [] }))).toBe('bad-cb-missing');
    const broken = { header, txs: [null] } as unknown as Block;
    expect(() => decodeBlockInput(broken)).toThrow(TypeError);
  });

  it('amount plus fee may reach the supply cap exactly, not pass it', () => {
    const exact = transfer(ALICE, BOB, MAX_MONEY - 1_000n, 0);
    expect(codeOf(() => checkTransferSanity(exact, toHex(txid(exact)), REGTEST, new SigCache()))).toBeNull();
    const over = transfer(ALICE, BOB, MAX_MONEY - 999n, 0);
    expect(codeOf(() => checkTransferSanity(over, toHex(txid(over)), REGTEST, new SigCache()))).toBe('tx-overflow');
  });

  it('a coinbase is refused where a transfer belongs, and a nonce error says which way it is wrong', async () => {
    const { chain } = await newChain();
    const coinbase = makeBlock(chain).txs[0]!;
    expect(codeOf(() => applyTransfer(viewOf({}), coinbase, 1))).toBe('bad-cb-multiple');
    const reasonFor = (nonce: number) => {
      try {
        applyTransfer(viewOf({ [ALICE.hex]: { balance: 10n * COIN, nonce: 1, locked: [] } }), transfer(ALICE, BOB, COIN, nonce), 1);
      } catch (error) {
        return (error as VerifyError).reason;
      }
      return 'accepted';
    };
    expect(reasonFor(0)).toMatch(/^nonce 0 reused; next is 1$/);
    expect(reasonFor(2)).toMatch(/^nonce 2 skips ahead; next is 1$/);
    expect(reasonFor(1)).toBe('accepted');
  });

  it('tx-immature-coinbase when the whole balance, matured or not, is exactly the cost', () => {
    const tx = transfer(ALICE, BOB, COIN, 0);
    const cost = COIN + tx.fee;
    seen.add('tx-immature-coinbase');
    const locked = (amount: bigint) => viewOf({ [ALICE.hex]: { balance: 0n, nonce: 0, locked: [{ unlockHeight: 10, amount }] } });
    expect(codeOf(() => applyTransfer(locked(cost), tx, 5))).toBe('tx-immature-coinbase');
    expect(codeOf(() => applyTransfer(locked(cost - 1n), tx, 5))).toBe('tx-insufficient-funds');
    expect(codeOf(() => applyTransfer(locked(cost), tx, 10))).toBeNull(); // unlocked at exactly its height
  });

  it('a coinbase that claims nothing leaves its recipient untouched', async () => {
    const { chain } = await newChain();
    const block = makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).amount = 0n) });
    const effects = connectBlockEffects(block as CheckedBlock, 1, () => null, REGTEST);
    expect([...effects.accounts.keys()]).toEqual([]);
    expect(effects.undo).toEqual([]);
  });

  it('bad-cb-amount when a reward would lift its recipient past the supply cap; exactly the cap is fine', async () => {
    const { chain } = await newChain();
    const block = makeBlock(chain) as CheckedBlock;
    const reward = block.txs[0].amount;
    expect(reward).toBe(blockSubsidy(REGTEST, 1));
    const holding = (balance: bigint) => (hex: string) => (hex === ALICE.hex ? { balance, nonce: 0, locked: [] } : null);
    seen.add('bad-cb-amount');
    expect(codeOf(() => connectBlockEffects(block, 1, holding(MAX_MONEY - reward + 1n), REGTEST))).toBe('bad-cb-amount');
    const effects = connectBlockEffects(block, 1, holding(MAX_MONEY - reward), REGTEST);
    expect(effects.accounts.get(ALICE.hex)!.account.locked).toEqual([{ unlockHeight: 1 + REGTEST.coinbaseMaturity, amount: reward }]);
  });

  it('the signature cache counts a miss, then a hit, and holds what verified', () => {
    const cache = new SigCache();
    const tx = transfer(ALICE, BOB, COIN, 0);
    const id = toHex(txid(tx));
    expect(cache.verify(tx, id)).toBe(true);
    expect([cache.misses, cache.hits, cache.size]).toEqual([1, 0, 1]);
    expect(cache.verify(tx, id)).toBe(true);
    expect([cache.misses, cache.hits, cache.size]).toEqual([1, 1, 1]);
    const forged = { ...tx, amount: tx.amount + 1n };
    expect(cache.verify(forged, toHex(txid(forged)))).toBe(false);
    expect([cache.misses, cache.size]).toEqual([2, 1]);
  });
});

function testNames(suite: RunnerTestSuite | RunnerTestFile): string[] {
  return suite.tasks.flatMap((t) => (t.type === 'suite' ? testNames(t) : [t.name]));
}

describe('rule catalogue', () => {
  it('every consensus rule ID has a test here, and every ID has an explanation', ({ task }) => {
    const consensus = RULE_IDS.filter((id) => !id.startsWith('mempool-'));
    const claimed = new Set(testNames(task.file).flatMap(claimedBy));
    expect(consensus.filter((id) => !claimed.has(id))).toEqual([]);
    for (const text of Object.values(RULES)) expect(text.length).toBeGreaterThan(20);
  });
});
