// Block 1 of the lab network lab-fixture, mined once (10 M expected hashes at the classroom
// launch target, too slow to redo in every test): tests that need an old block on a lab network
// submit it.
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../../src/core/chain/chain';
import { MemoryChainStore } from '../../src/core/chain/store';
import { classroomNetwork } from '../../src/core/protocol/networks';
import { createBlockTemplate } from '../../src/core/mining/template';
import { publicKeyOf } from '../../src/core/primitives/tx';
import { utf8 } from '../../src/core/encoding/bytes';
import type { Block } from '../../src/core/primitives/block';

export const LAB_FIXTURE = classroomNetwork('lab-fixture');
const BLOCK1_NONCE = 2_171_531;

export async function labFixtureBlock1(): Promise<Block> {
  const chain = await Chain.open(LAB_FIXTURE, new MemoryChainStore(), { now: () => LAB_FIXTURE.genesis.header.time + 100 });
  const block = createBlockTemplate({ params: LAB_FIXTURE, parent: chain.templateParent(), txs: [], recipient: publicKeyOf(sha256(utf8('lab fixture miner'))), now: LAB_FIXTURE.genesis.header.time + 10 });
  block.header.nonce = BLOCK1_NONCE;
  return block;
}
