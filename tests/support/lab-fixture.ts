// Blocks 1 to 7 of the lab network lab-fixture, mined once (10 M expected hashes each at the
// classroom launch target, too slow to redo in every test), all paying the fixture miner, whose
// key tests know: tests that need an old block, or coins to spend on a lab network (a coinbase
// matures after 6 blocks, so blocks 1 and 2 are spendable on top of block 7), submit them.
// Each block is 10 s after its parent, so every one has the launch target.
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../../src/core/chain/chain';
import { MemoryChainStore } from '../../src/core/chain/store';
import { classroomNetwork } from '../../src/core/protocol/networks';
import { createBlockTemplate } from '../../src/core/mining/template';
import { publicKeyOf } from '../../src/core/primitives/tx';
import { utf8 } from '../../src/core/encoding/bytes';
import type { Block } from '../../src/core/primitives/block';

export const LAB_FIXTURE = classroomNetwork('lab-fixture');
/** The secret key every fixture block's coinbase pays (tests restore a wallet from it). */
export const LAB_FIXTURE_MINER_SECRET = sha256(utf8('lab fixture miner'));
const NONCES = [2_171_531, 1_065_540, 4_214_172, 5_806_020, 4_913_595, 2_993_927, 3_631_312];

/** The fixture's blocks 1..count (at most 7), in order. */
export async function labFixtureChain(count = NONCES.length): Promise<Block[]> {
  const t0 = LAB_FIXTURE.genesis.header.time;
  const chain = await Chain.open(LAB_FIXTURE, new MemoryChainStore(), { now: () => t0 + 1_000 });
  const recipient = publicKeyOf(LAB_FIXTURE_MINER_SECRET);
  const blocks: Block[] = [];
  for (const [i, nonce] of NONCES.slice(0, count).entries()) {
    const block = createBlockTemplate({ params: LAB_FIXTURE, parent: chain.templateParent(), txs: [], recipient, now: t0 + 10 * (i + 1) });
    block.header.nonce = nonce;
    if ((await chain.submitBlock(block)) !== 'connected') throw new Error(`lab fixture block ${i + 1} does not connect`);
    blocks.push(block);
  }
  return blocks;
}

export async function labFixtureBlock1(): Promise<Block> {
  return (await labFixtureChain(1))[0] as Block;
}
