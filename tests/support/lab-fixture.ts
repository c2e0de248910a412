// A short chain of the lab network lab-fixture, mined once (10 M expected hashes a block at the
// classroom launch target, too slow to redo in every test; tests/support/mine-lab-fixture.ts
// found the nonces): tests that need blocks on a lab network submit them. Blocks 1 to 7 pay the
// fixture miner; block 8 also confirms a transfer from the miner's matured block-1 reward.
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../../src/core/chain/chain';
import { MemoryChainStore } from '../../src/core/chain/store';
import { classroomNetwork } from '../../src/core/protocol/networks';
import { createBlockTemplate } from '../../src/core/mining/template';
import { publicKeyOf, type TransferTx } from '../../src/core/primitives/tx';
import { utf8 } from '../../src/core/encoding/bytes';
import type { Block } from '../../src/core/primitives/block';
import { COIN, MIN_TX_FEE } from '../../src/core/protocol/consensus';
import { signPrepared } from '../../src/core/wallet/send';
import { TX_KIND_TRANSFER } from '../../src/core/primitives/tx';

export const LAB_FIXTURE = classroomNetwork('lab-fixture');
/** The miner's secret: the transfer in block 8 is signed with it. */
export const LAB_FIXTURE_MINER_SECRET = sha256(utf8('lab fixture miner'));
export const LAB_FIXTURE_PAYEE = publicKeyOf(sha256(utf8('lab fixture payee')));
/** The nonce of block i + 1 (null: not mined yet). */
export const LAB_FIXTURE_NONCES: readonly (number | null)[] = [2_171_531, 1_065_540, 4_214_172, 5_806_020, 4_913_595, 2_993_927, 3_631_312, 2_020_044];
/** A competing branch from block 6 (heights 7, 8, 9; extra nonce 1): one block longer than the main fixture, so a node on it reorganises. */
export const LAB_FIXTURE_FORK_FROM = 6;
export const LAB_FIXTURE_FORK_NONCES: readonly (number | null)[] = [9_893_689, 9_015_470, 5_687_767];
/** The height whose block confirms the transfer. */
export const LAB_FIXTURE_TRANSFER_HEIGHT = 8;

/** Block i is stamped genesis + 10 i s: exactly the spacing, so the target stays at launch. */
export const labFixtureTime = (height: number) => LAB_FIXTURE.genesis.header.time + 10 * height;

/** 5 coins from the miner to the payee, nonce 0, signed deterministically (zero aux). */
export function labFixtureTransfer(): TransferTx {
  const unsigned = { kind: TX_KIND_TRANSFER, chainId: LAB_FIXTURE.genesisHash, sender: publicKeyOf(LAB_FIXTURE_MINER_SECRET), recipient: LAB_FIXTURE_PAYEE, amount: 5n * COIN, fee: MIN_TX_FEE, nonce: 0, memo: utf8('lab fixture') } as const;
  return signPrepared(unsigned, LAB_FIXTURE_MINER_SECRET, new Uint8Array(32)).tx;
}

/** The template of the block after `chain`'s tip (nonce 0); on the fork, with extra nonce 1 and no transfer. */
export function labFixtureTemplate(chain: Chain, fork = false): Block {
  const height = chain.height + 1;
  const txs = height === LAB_FIXTURE_TRANSFER_HEIGHT && !fork ? [labFixtureTransfer()] : [];
  return createBlockTemplate({ params: LAB_FIXTURE, parent: chain.templateParent(), txs, recipient: publicKeyOf(LAB_FIXTURE_MINER_SECRET), now: labFixtureTime(height), extraNonce: fork ? 1n : 0n });
}

export const openLabFixtureChain = () => Chain.open(LAB_FIXTURE, new MemoryChainStore(), { now: () => labFixtureTime(100) });

/** Blocks 1 to count (each valid on the previous ones). */
export async function labFixtureBlocks(count = LAB_FIXTURE_NONCES.length): Promise<Block[]> {
  const chain = await openLabFixtureChain();
  const blocks: Block[] = [];
  for (let i = 0; i < count; i++) {
    const nonce = LAB_FIXTURE_NONCES[i];
    if (nonce === undefined || nonce === null) throw new RangeError(`lab fixture block ${i + 1} is not mined`);
    const block = labFixtureTemplate(chain);
    block.header.nonce = nonce;
    await chain.submitBlock(block);
    blocks.push(block);
  }
  return blocks;
}

/** The competing branch: blocks 7, 8 and 9 on block 6, with extra nonce 1. */
export async function labFixtureFork(): Promise<Block[]> {
  const chain = await openLabFixtureChain();
  for (const block of await labFixtureBlocks(LAB_FIXTURE_FORK_FROM)) await chain.submitBlock(block);
  const blocks: Block[] = [];
  for (const [i, nonce] of LAB_FIXTURE_FORK_NONCES.entries()) {
    if (nonce === null) throw new RangeError(`lab fixture fork block ${i + 1} is not mined`);
    const block = labFixtureTemplate(chain, true);
    block.header.nonce = nonce;
    await chain.submitBlock(block);
    blocks.push(block);
  }
  return blocks;
}

export async function labFixtureBlock1(): Promise<Block> {
  return (await labFixtureBlocks(1))[0] as Block;
}

/** Blocks 1..count of the main fixture, at most the 7 coinbase-only ones by default (the lab attack tests spend their rewards). */
export const labFixtureChain = (count = 7): Promise<Block[]> => labFixtureBlocks(count);
