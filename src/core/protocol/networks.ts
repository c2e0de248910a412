// The networks and their genesis blocks. Every per-network consensus value is here.
//  - main: the public network, a block every 30 s on average.
//  - regtest: for tests; the easiest possible difficulty and no retargeting, so a block takes
//    about two hashes, and coinbase rewards mature after 2 blocks.
//  - classroom networks: derived from a name (?net=<name>), each with its own genesis and prefix.
// Reading path: stop 2, primitives (src/core/READING.md).
import { COIN, HEADER_VERSION } from './consensus';
import { encodeBits, targetFromBits } from '../pow/compact';
import { utf8 } from '../encoding/bytes';
import { computeMerkleRoot, type Block } from '../primitives/block';
import { headerHash } from '../primitives/header';
import { TX_KIND_COINBASE, type CoinbaseTx } from '../primitives/tx';

export type NetworkKind = 'main' | 'regtest' | 'classroom';

export interface NetworkParams {
  name: string;
  kind: NetworkKind;
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

export class NetworkNameError extends Error {}

/** A classroom network: main's rules, an easier start, its own genesis and address prefix. */
export function classroomNetwork(name: string): NetworkParams {
  const normalized = name.trim().toLowerCase();
  if (!CLASSROOM_NAME.test(normalized)) {
    throw new NetworkNameError(`"${name}" cannot name a network: use 1 to 20 letters, digits or hyphens.`);
  }
  if (normalized === 'main' || normalized === 'regtest') return networkByName(normalized);
  return finish({
    ...MAIN,
    name: normalized,
    kind: 'classroom',
    hrp: `sc-${normalized}`,
    genesisBits: encodeBits(targetFor(200_000, MAIN_SPACING)),
    genesisMemo: `SimpleCoin classroom ${normalized}`,
  });
}

/** main, regtest, or a classroom network of that name. */
export function networkByName(name: string | null | undefined): NetworkParams {
  if (!name || name === 'main') return MAIN;
  if (name === 'regtest') return REGTEST;
  return classroomNetwork(name);
}

/** The block subsidy at a height: halves every halvingInterval blocks, zero after 64 halvings. */
export function blockSubsidy(params: NetworkParams, height: number): bigint {
  const halvings = Math.floor(height / params.halvingInterval);
  return halvings >= 64 ? 0n : params.initialSubsidy >> BigInt(halvings);
}
