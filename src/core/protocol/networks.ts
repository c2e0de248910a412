// The networks and their genesis blocks. Every per-network consensus value is here.
//  - main: the public network, a block every 30 s on average.
//  - regtest: for tests; the easiest possible difficulty and no retargeting, so a block takes
//    about two hashes, and coinbase rewards mature after 2 blocks.
//  - classroom networks: derived from a name and a round (?net=<name> or ?net=<name>.<round>),
//    each with its own genesis and prefix, tuned so a student can mine and then spend within the
//    first minutes of a lesson: 10 s blocks, rewards mature after 6 blocks, a start for about
//    1 MH/s (one laptop core finds a block in seconds) and a 2-minute ASERT half-life, so
//    difficulty catches up with a room of laptops within a few minutes.
//  - lab networks: classroom networks named lab-… (issue 18), a throwaway network made to try
//    attacks on. Same rules and parameters as any classroom network; `lab` is the only place the
//    attack lab's tools (src/lab) may act. Their genesis commits to the name, so a lab's chain
//    can never be mistaken for another network's.
// Reading path: stop 2, primitives (src/core/READING.md).
import { COIN, HEADER_VERSION } from './consensus';
import { encodeBits, targetFromBits } from '../pow/compact';
import { utf8 } from '../encoding/bytes';
import { computeMerkleRoot, type Block } from '../primitives/block';
import { headerHash } from '../primitives/header';
import { TX_KIND_COINBASE, type CoinbaseTx } from '../primitives/tx';
import { CodedError } from './coded-error';

export type NetworkKind = 'main' | 'regtest' | 'classroom';

/** The lesson parameters of every classroom network (docs/PROTOCOL.md, "Networks"). */
export const CLASSROOM = { spacing: 10, halfLife: 120, coinbaseMaturity: 6, startHashesPerSecond: 1_000_000 } as const;

export interface NetworkParams {
  name: string;
  kind: NetworkKind;
  /** A lab network (a classroom network named lab-…): the only kind the attack lab acts on. */
  lab: boolean;
  /** bech32m human-readable prefix of addresses. */
  hrp: string;
  /** Target seconds between blocks. */
  spacing: number;
  /** ASERT half-life in seconds. */
  halfLife: number;
  /**
   * The easiest target a block may have: the genesis (launch) target on every network, so
   * difficulty can rise from where the network started but never fall below it (issue 15).
   */
  powLimit: bigint;
  /** false: every block uses the genesis bits (regtest). */
  retarget: boolean;
  initialSubsidy: bigint;
  halvingInterval: number;
  /** A coinbase reward at height h can be spent from height h + coinbaseMaturity. */
  coinbaseMaturity: number;
  genesis: Block;
  genesisHash: Uint8Array;
}

/** 2026-11-23 00:00:00 UTC. */
const GENESIS_TIME = 1_795_392_000;
const MAIN_SPACING = 30;

/** The target at which `hashesPerSecond` finds a block every `spacing` seconds on average. */
const targetFor = (hashesPerSecond: number, spacing: number): bigint => (1n << 256n) / BigInt(hashesPerSecond * spacing);

interface NetworkDraft extends Omit<NetworkParams, 'genesis' | 'genesisHash' | 'powLimit'> {
  genesisBits: number;
  genesisMemo: string;
}

function finish(draft: NetworkDraft): NetworkParams {
  // The genesis coinbase pays nothing to nobody; it commits to the network's name in its memo.
  const coinbase: CoinbaseTx = {
    kind: TX_KIND_COINBASE,
    chainId: new Uint8Array(32),
    height: 0,
    recipient: new Uint8Array(32),
    amount: 0n,
    extraNonce: 0n,
    memo: utf8(draft.genesisMemo),
  };
  const genesis: Block = {
    header: { version: HEADER_VERSION, prevHash: new Uint8Array(32), merkleRoot: computeMerkleRoot([coinbase]), time: GENESIS_TIME, bits: draft.genesisBits, nonce: 0 },
    txs: [coinbase],
  };
  const { genesisBits, genesisMemo: _memo, ...params } = draft;
  const launchTarget = targetFromBits(genesisBits);
  if (launchTarget === null) throw new Error('genesis bits are invalid');
  return { ...params, powLimit: launchTarget, genesis, genesisHash: headerHash(genesis.header) };
}

export const MAIN: NetworkParams = finish({
  name: 'main',
  kind: 'main',
  lab: false,
  hrp: 'sc',
  spacing: MAIN_SPACING,
  halfLife: 3_600,
  retarget: true,
  initialSubsidy: 50n * COIN,
  halvingInterval: 4_200_000, // about four years of 30 s blocks
  coinbaseMaturity: 100,
  // A start for about 2 M hashes/s in all, one good browser miner.
  genesisBits: encodeBits(targetFor(2_000_000, MAIN_SPACING)),
  genesisMemo: 'SimpleCoin main 2026-11-23: every tab a full node',
});

const REGTEST_BITS = 0x207fffff;

export const REGTEST: NetworkParams = finish({
  name: 'regtest',
  kind: 'regtest',
  lab: false,
  hrp: 'scrt',
  spacing: MAIN_SPACING,
  halfLife: 3_600,
  retarget: false,
  initialSubsidy: 50n * COIN,
  halvingInterval: 150,
  coinbaseMaturity: 2,
  genesisBits: REGTEST_BITS,
  genesisMemo: 'SimpleCoin regtest',
});

const CLASSROOM_NAME = /^[a-z0-9-]{1,20}$/;
const MAX_ROUND = 9_999;

export const NETWORK_NAME_ERRORS = ['class-name-invalid', 'class-round-invalid'] as const;
export type NetworkNameErrorCode = (typeof NETWORK_NAME_ERRORS)[number];

export class NetworkNameError extends CodedError<NetworkNameErrorCode> {
  override name = 'NetworkNameError';
}

/** Lab networks are named lab-<name> (lab-demo, lab-physics.2). */
export const LAB_PREFIX = 'lab-';
const isLabName = (base: string): boolean => base.startsWith(LAB_PREFIX) && base.length > LAB_PREFIX.length;

/** A class name and round from a network name: "physics" is round 1, "physics.3" round 3. */
export function parseClassroomName(name: string): { name: string; round: number } {
  const [base = '', roundText, ...rest] = name.trim().toLowerCase().split('.');
  if (!CLASSROOM_NAME.test(base) || rest.length > 0) {
    throw new NetworkNameError('class-name-invalid', `"${name}" cannot name a class: use 1 to 20 letters, digits or hyphens.`, { name, max: 20 });
  }
  // One to four digits without a leading zero: 1..MAX_ROUND, so the pattern is the whole range check.
  const round = roundText === undefined ? 1 : /^[1-9]\d{0,3}$/.test(roundText) ? Number(roundText) : NaN;
  if (!Number.isInteger(round)) throw new NetworkNameError('class-round-invalid', `"${name}": a round is a number from 1 to ${MAX_ROUND}.`, { name, max: MAX_ROUND });
  return { name: base, round };
}

/** The network name of a class's round: round 1 is the bare name. */
export function classroomNetworkName(name: string, round: number): string {
  return round === 1 ? name : `${name}.${round}`;
}

/**
 * A classroom network: main's rules with the lesson parameters above, its own genesis and address
 * prefix. A teacher's reset is the next round: a new genesis from the same name.
 */
export function classroomNetwork(networkName: string): NetworkParams {
  const { name, round } = parseClassroomName(networkName);
  if (round === 1 && (name === 'main' || name === 'regtest')) return networkByName(name);
  const full = classroomNetworkName(name, round);
  return finish({
    ...MAIN,
    name: full,
    kind: 'classroom',
    lab: isLabName(name),
    // One prefix for all of a class's rounds: a student's address reads the same after a reset.
    hrp: `sc-${name}`,
    spacing: CLASSROOM.spacing,
    halfLife: CLASSROOM.halfLife,
    coinbaseMaturity: CLASSROOM.coinbaseMaturity,
    genesisBits: encodeBits(targetFor(CLASSROOM.startHashesPerSecond, CLASSROOM.spacing)),
    genesisMemo: round === 1 ? `SimpleCoin classroom ${name}` : `SimpleCoin classroom ${name} round ${round}`,
  });
}

export class NotALabError extends Error {}

/** Attack tools act only on a lab network: never on main, regtest or an ordinary class (issue 18). */
export function assertLabNetwork(params: NetworkParams, tool: string): void {
  if (!params.lab) throw new NotALabError(`${tool} works only on a lab network (lab-…), not on "${params.name}".`);
}

/** main, regtest, or a classroom network of that name. */
export function networkByName(name: string | null | undefined): NetworkParams {
  if (!name || name === 'main') return MAIN;
  if (name === 'regtest') return REGTEST;
  return classroomNetwork(name);
}

/** The block subsidy at a height: halves every halvingInterval blocks, zero after 64 halvings. */
export function blockSubsidy(params: NetworkParams, height: number): bigint {
  // A bigint shift needs no 64-halving cut-off (Bitcoin's guards a C++ shift): the subsidy is
  // below 2^64, so from the 64th halving on the shift itself gives 0.
  return params.initialSubsidy >> BigInt(Math.floor(height / params.halvingInterval));
}
