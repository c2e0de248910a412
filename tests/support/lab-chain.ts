// A small tree of blocks on the lab network lab-fixture, mined once (each is about 10 M expected
// hashes at the classroom launch target, too slow to redo in a test): the network-controls e2e
// submits them in a tab to make a block happen where and when it needs one. Block 1 is
// lab-fixture's; x2 and y2 compete on it (y3 makes y heavier); z4…z6 follow y3; p7 and q7 compete
// on z6 (q8 makes q heavier). Each branch pays its own miner, so blocks at one height differ.
// `npx tsx tests/support/mine-lab-chain.ts` finds the nonces again (after a consensus change).
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../../src/core/chain/chain';
import { MemoryChainStore } from '../../src/core/chain/store';
import { createBlockTemplate } from '../../src/core/mining/template';
import { publicKeyOf } from '../../src/core/primitives/tx';
import { blockHash, type Block } from '../../src/core/primitives/block';
import { toHex, utf8 } from '../../src/core/encoding/bytes';
import { LAB_FIXTURE, labFixtureBlock1 } from './lab-fixture';

export type LabBlockName = 'x2' | 'y2' | 'y3' | 'z4' | 'z5' | 'z6' | 'p7' | 'q7' | 'q8';

export const LAB_CHAIN_PLAN: ReadonlyArray<{ name: LabBlockName; parent: LabBlockName | 'b1' }> = [
  { name: 'x2', parent: 'b1' },
  { name: 'y2', parent: 'b1' },
  { name: 'y3', parent: 'y2' },
  { name: 'z4', parent: 'y3' },
  { name: 'z5', parent: 'z4' },
  { name: 'z6', parent: 'z5' },
  { name: 'p7', parent: 'z6' },
  { name: 'q7', parent: 'z6' },
  { name: 'q8', parent: 'q7' },
];

/** Found by mine-lab-chain.ts. */
export const LAB_CHAIN_NONCES: Partial<Record<LabBlockName, number>> = { x2: 566_098, y2: 483_674, y3: 4_917_119, z4: 8_203_587, z5: 4_592_381, z6: 3_574_295, p7: 1_089_446, q7: 13_645_273, q8: 15_998_589 };

const parentOf = (name: LabBlockName) => LAB_CHAIN_PLAN.find((p) => p.name === name)!.parent;

/** The names from block 2 up to `name`, in height order. */
export function labPath(name: LabBlockName): LabBlockName[] {
  const path: LabBlockName[] = [];
  for (let n: LabBlockName | 'b1' = name; n !== 'b1'; n = parentOf(n)) path.unshift(n);
  return path;
}

/** The template for `name` on a chain holding its ancestors (the nonce left for the miner). */
export async function labTemplate(name: LabBlockName, ancestors: Block[]): Promise<Block> {
  const chain = await Chain.open(LAB_FIXTURE, new MemoryChainStore(), { now: () => LAB_FIXTURE.genesis.header.time + 100_000 });
  for (const b of ancestors) await chain.submitBlock(b);
  const height = ancestors.length + 1;
  return createBlockTemplate({
    params: LAB_FIXTURE,
    parent: chain.templateParent(),
    txs: [],
    recipient: publicKeyOf(sha256(utf8(`lab chain miner ${name[0]}`))),
    now: LAB_FIXTURE.genesis.header.time + 10 * height,
  });
}

/** Every block of the tree by name (block 1 as b1), each with its proof of work. */
export async function labChain(): Promise<Record<LabBlockName | 'b1', Block>> {
  const blocks: Partial<Record<LabBlockName | 'b1', Block>> = { b1: await labFixtureBlock1() };
  for (const { name } of LAB_CHAIN_PLAN) {
    const nonce = LAB_CHAIN_NONCES[name];
    if (nonce === undefined) throw new Error(`no nonce for ${name}: run tests/support/mine-lab-chain.ts`);
    const block = await labTemplate(name, [blocks.b1!, ...labPath(name).slice(0, -1).map((n) => blocks[n]!)]);
    block.header.nonce = nonce;
    blocks[name] = block;
  }
  return blocks as Record<LabBlockName | 'b1', Block>;
}

export const labBlockHash = (block: Block): string => toHex(blockHash(block));
