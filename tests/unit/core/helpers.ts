// Test helpers: deterministic keys, signed transfers, and regtest blocks mined on a chain.
import { sha256 } from '@noble/hashes/sha2.js';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { publicKeyOf, signTransfer, TX_KIND_TRANSFER, type TransferTx } from '../../../src/core/primitives/tx';
import { createBlockTemplate } from '../../../src/core/mining/template';
import { solveBlock } from '../../../src/core/mining/solve';
import { Chain, type AcceptResult } from '../../../src/core/chain/chain';
import { headerHash } from '../../../src/core/primitives/header';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { utf8, toHex } from '../../../src/core/encoding/bytes';
import type { Block } from '../../../src/core/primitives/block';
import type { IndexEntry } from '../../../src/core/chain/header-index';

export interface Key {
  secret: Uint8Array;
  pub: Uint8Array;
  hex: string;
}

export function key(seed: string): Key {
  const secret = sha256(utf8(`test key ${seed}`));
  const pub = publicKeyOf(secret);
  return { secret, pub, hex: toHex(pub) };
}

export const ALICE = key('alice');
export const BOB = key('bob');
export const CAROL = key('carol');

export function transfer(from: Key, to: Key, amount: bigint, nonce: number, over: Partial<TransferTx> = {}, params: NetworkParams = REGTEST): TransferTx {
  const unsigned = {
    kind: TX_KIND_TRANSFER as typeof TX_KIND_TRANSFER,
    chainId: params.genesisHash,
    sender: from.pub,
    recipient: to.pub,
    amount,
    fee: 1_000n,
    nonce,
    memo: new Uint8Array(0),
    ...over,
  };
  return signTransfer(unsigned, from.secret, new Uint8Array(32));
}

/** A clock far enough ahead that regtest blocks one second apart are never "too new". */
export const testClock = () => REGTEST.genesis.header.time + 1_000_000;

export async function newChain(params: NetworkParams = REGTEST, store = new MemoryChainStore()): Promise<{ chain: Chain; store: MemoryChainStore }> {
  const chain = await Chain.open(params, store, { now: testClock });
  return { chain, store };
}

export interface MineOptions {
  txs?: TransferTx[];
  to?: Key;
  parent?: IndexEntry;
  extraNonce?: bigint;
  /** Seconds after the parent. */
  dt?: number;
  mutate?: (b: Block) => void;
}

/** A solved block on parent (default: the tip), not yet submitted. */
export function makeBlock(chain: Chain, o: MineOptions = {}): Block {
  const parent = o.parent ?? chain.tip;
  const block = createBlockTemplate({
    params: chain.params,
    parent: chain.templateParent(parent),
    txs: o.txs ?? [],
    recipient: (o.to ?? ALICE).pub,
    now: parent.header.time + (o.dt ?? 30),
    extraNonce: o.extraNonce,
  });
  o.mutate?.(block);
  if (solveBlock(block, 1_000_000) === null) throw new Error('could not solve');
  return block;
}

export async function mine(chain: Chain, o: MineOptions = {}): Promise<Block> {
  const block = makeBlock(chain, o);
  await (o.parent && o.parent !== chain.tip ? deliver(chain, block) : chain.submitBlock(block));
  return block;
}

export async function mineMany(chain: Chain, n: number, o: MineOptions = {}): Promise<void> {
  for (let i = 0; i < n; i++) await mine(chain, o);
}

const madeBlocks = new WeakMap<Chain, Map<string, Block>>();

/**
 * Delivers a block as a peer and headers-first sync would: its header first (when its parent is
 * known), then every block the chain lacks on the way to its best header, then the block itself.
 * A chain verifies and stores only blocks that could become best, so a side branch reaches it
 * only this way once it has more work. Returns the block's own result.
 */
export async function deliver(chain: Chain, block: Block): Promise<AcceptResult> {
  let made = madeBlocks.get(chain);
  if (!made) madeBlocks.set(chain, (made = new Map()));
  const hashHex = toHex(headerHash(block.header));
  made.set(hashHex, block);
  if (chain.index.get(toHex(block.header.prevHash))) {
    const { error } = await chain.acceptHeaders([block.header]);
    if (error) throw error;
  }
  const path: Block[] = [];
  for (let e: IndexEntry | null = chain.bestHeader; e && !chain.isActive(e); e = e.parent) {
    const b = made.get(e.hashHex);
    if (!e.hasData && b && e.hashHex !== hashHex) path.unshift(b);
  }
  for (const b of path) await chain.submitBlock(b);
  return chain.submitBlock(block);
}
