import { describe, expect, it } from 'vitest';
import { blockSubsidy, CLASSROOM, classroomNetwork, classroomNetworkName, parseClassroomName, MAIN, networkByName, NetworkNameError, REGTEST } from '../../../../src/core/protocol/networks';
import { COIN, MAX_MONEY } from '../../../../src/core/protocol/consensus';
import { toHex } from '../../../../src/core/encoding/bytes';
import { targetFromBits } from '../../../../src/core/pow/compact';
import { nextBits } from '../../../../src/core/consensus/difficulty';
import { VerifyError, BAN_SCORE } from '../../../../src/core/protocol/verify-error';
import { explainRule } from '../../../../src/core/protocol/rules';

describe('networks', () => {
  it('has distinct genesis blocks and prefixes', () => {
    const c = classroomNetwork('Math-101');
    expect(c.name).toBe('math-101');
    expect(c.hrp).toBe('sc-math-101');
    const hashes = [MAIN, REGTEST, c].map((n) => toHex(n.genesisHash));
    expect(new Set(hashes).size).toBe(3);
    expect(new Set([MAIN.hrp, REGTEST.hrp, c.hrp]).size).toBe(3);
  });

  it('derives a classroom network deterministically from its name', () => {
    expect(toHex(classroomNetwork('room7').genesisHash)).toBe(toHex(classroomNetwork('room7').genesisHash));
    expect(toHex(classroomNetwork('room7').genesisHash)).not.toBe(toHex(classroomNetwork('room8').genesisHash));
    expect(networkByName('regtest')).toBe(REGTEST);
    expect(networkByName(null)).toBe(MAIN);
    expect(networkByName('main')).toBe(MAIN);
    expect(classroomNetwork('MAIN')).toBe(MAIN);
    expect(() => classroomNetwork('no spaces')).toThrow(NetworkNameError);
    expect(() => classroomNetwork('x'.repeat(21))).toThrow(/1 to 20/);
  });

  it('targets about 30 s blocks on main, with an easier start for classrooms and near-free regtest', () => {
    expect(MAIN.spacing).toBe(30);
    const mainTarget = targetFromBits(MAIN.genesis.header.bits)!;
    const classTarget = targetFromBits(classroomNetwork('x').genesis.header.bits)!;
    expect(classTarget).toBeGreaterThan(mainTarget);
    expect(targetFromBits(REGTEST.genesis.header.bits)! >= 1n << 254n).toBe(true);
    expect(nextBits(REGTEST, { height: 5, time: 1, anchor: { height: 1, time: 0 } })).toBe(REGTEST.genesis.header.bits);
    // Block 1 and 2 get the genesis bits; the schedule starts at block 1, whenever that was mined.
    const t1 = MAIN.genesis.header.time + 400 * 86_400;
    expect(nextBits(MAIN, { height: 0, time: MAIN.genesis.header.time, anchor: null })).toBe(MAIN.genesis.header.bits);
    expect(nextBits(MAIN, { height: 1, time: t1, anchor: { height: 1, time: t1 } })).toBe(MAIN.genesis.header.bits);
    // On schedule, ASERT keeps the genesis target (within compact rounding).
    const anchor = { height: 1, time: t1 };
    expect(nextBits(MAIN, { height: 10, time: t1 + 9 * 30, anchor })).toBe(MAIN.genesis.header.bits);
    // Blocks an hour (one half-life) ahead of schedule: the target halves.
    const early = targetFromBits(nextBits(MAIN, { height: 130, time: t1 + 129 * 30 - 3600, anchor }))!;
    expect(Number((early * 1000n) / mainTarget) / 1000).toBeCloseTo(0.5, 2);
    // An hour behind: never easier than the launch target, the easiest any block may have.
    expect(nextBits(MAIN, { height: 10, time: t1 + 9 * 30 + 3600, anchor })).toBe(MAIN.genesis.header.bits);
    expect(MAIN.powLimit).toBe(mainTarget);
  });
});

describe('classroom networks', () => {
  it('let a student mine and then spend within minutes: 10 s blocks, maturity 6, an easy start', () => {
    const c = classroomNetwork('physics');
    expect([c.spacing, c.halfLife, c.coinbaseMaturity]).toEqual([CLASSROOM.spacing, CLASSROOM.halfLife, CLASSROOM.coinbaseMaturity]);
    // Mature after 6 blocks of 10 s: a minute at the target rate.
    expect(c.spacing * c.coinbaseMaturity).toBeLessThanOrEqual(60);
    // One 5 MH/s laptop core finds the first block in about 2 s on average.
    const expectedHashes = Number((1n << 256n) / targetFromBits(c.genesis.header.bits)!);
    expect(expectedHashes / 5e6).toBeLessThan(3);
    expect(toHex(c.genesisHash)).toBe('ba218a7d46e97e26a46aef6dba43fab16abbb4dc7220847f3fce91eaeffb34c8');
    expect(MAIN.coinbaseMaturity).toBe(100);
  });

  it('reset by round: a new genesis from the same name, with the same address prefix', () => {
    expect(parseClassroomName('Physics')).toEqual({ name: 'physics', round: 1 });
    expect(parseClassroomName('physics.3')).toEqual({ name: 'physics', round: 3 });
    const r2 = classroomNetwork('physics.2');
    expect(r2.name).toBe(classroomNetworkName('physics', 2));
    expect(r2.name).toBe('physics.2');
    expect(toHex(r2.genesisHash)).toBe('a31f625a29a09434741f9413c0080e34ecd34789aa2447b916ae98fbdae12cc4');
    expect(r2.hrp).toBe(classroomNetwork('physics').hrp);
    expect(classroomNetwork('physics.1')).toEqual(classroomNetwork('physics'));
    for (const bad of ['physics.0', 'physics.01', 'physics.10000', 'physics.x', 'a.2.3', '.2']) expect(() => classroomNetwork(bad)).toThrow(NetworkNameError);
    expect(classroomNetwork('main.2').name).toBe('main.2');
  });
});

describe('subsidy', () => {
  it('halves on schedule and stops after 64 halvings', () => {
    expect(blockSubsidy(MAIN, 1)).toBe(50n * COIN);
    expect(blockSubsidy(MAIN, MAIN.halvingInterval - 1)).toBe(50n * COIN);
    expect(blockSubsidy(MAIN, MAIN.halvingInterval)).toBe(25n * COIN);
    expect(blockSubsidy(REGTEST, 150)).toBe(25n * COIN);
    expect(blockSubsidy(MAIN, MAIN.halvingInterval * 64)).toBe(0n);
  });

  it('never issues more than the supply cap, on any network', () => {
    for (const params of [MAIN, REGTEST, classroomNetwork('cap')]) {
      let total = 0n;
      for (let halving = 0; halving < 65; halving++) total += blockSubsidy(params, halving * params.halvingInterval) * BigInt(params.halvingInterval);
      expect(total).toBeLessThanOrEqual(MAX_MONEY);
      expect(total).toBeGreaterThan((MAX_MONEY * 99n) / 100n / (params === REGTEST ? 28_000n : 1n));
    }
  });
});

describe('VerifyError', () => {
  it('carries a rule ID, a reason, a score and the plain explanation', () => {
    const e = new VerifyError('bad-pow', 'hash too high');
    expect(e.score).toBe(BAN_SCORE);
    expect(e.message).toBe('bad-pow: hash too high');
    expect(e.explanation).toBe(explainRule('bad-pow'));
  });
});
