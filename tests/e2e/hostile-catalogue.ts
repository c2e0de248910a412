// The hostile-peer catalogue (after Bitcoin Core's p2p_invalid_block.py, p2p_invalid_tx.py and
// p2p_invalid_messages.py): every invalid header, block and transaction of the rule catalogue, and
// every flood, as the exact frames a hostile peer sends. Built in Node on a mirror of the honest
// chain, so each object is invalid for precisely one reason.
import { ALICE, BOB, CAROL, makeBlock, mine, mineMany, newChain, transfer } from '../unit/core/helpers';
import { COIN, MAX_BLOCK_BYTES, MAX_MONEY } from '../../src/core/protocol/consensus';
import { MAIN } from '../../src/core/protocol/networks';
import { computeMerkleRoot, encodeBlock, type Block } from '../../src/core/primitives/block';
import { hashValue, headerHash, type BlockHeader } from '../../src/core/primitives/header';
import { encodeTx, type CoinbaseTx, type TransferTx } from '../../src/core/primitives/tx';
import { targetFromBits } from '../../src/core/pow/compact';
import { solveBlock } from '../../src/core/mining/solve';
import { encodeMessage, INV_BLOCK, INV_TX, type Message } from '../../src/core/p2p/messages';
import { Writer } from '../../src/core/encoding/writer';
import { toHex } from '../../src/core/encoding/bytes';
import type { Chain } from '../../src/core/chain/chain';

interface CaseBase {
  /** What the hostile peer does. */
  name: string;
  /** Whole messages, each sent as one frame, in order. */
  frames: Uint8Array[];
  /** Bytes written below our framing (to break the framing itself). */
  rawChunk?: Uint8Array;
}

export type HostileCase = CaseBase &
  (
    | {
        /** The sender is shunned: the honest node closes the link for this reason and bans it. */
        ban: true;
        reason: RegExp;
        /** The rule ID the honest node logs as refused (blocks and transactions). */
        rule?: string;
      }
    | {
        /** Refused by this rule, but the sender keeps its link (an honest node could have sent it). */
        ban: false;
        rule: string;
      }
  );

/** The honest chain: 4 blocks to Alice, then a block in which Alice spends nonce 0. */
export async function mirrorChain(): Promise<{ chain: Chain; blocks: Uint8Array[] }> {
  const { chain } = await newChain();
  await mineMany(chain, 4);
  await mine(chain, { txs: [transfer(ALICE, BOB, COIN, 0)] });
  const blocks: Uint8Array[] = [];
  for (let h = 1; h <= chain.height; h++) {
    const bytes = await chain.store.getBlock(chain.entryAt(h).hashHex);
    if (!bytes) throw new Error(`mirror block ${h} missing`);
    blocks.push(bytes);
  }
  return { chain, blocks };
}

const msg = (m: Message) => encodeMessage(m);
const blockMsg = (b: Block) => msg({ type: 'block', bytes: encodeBlock(b) });
const txMsg = (t: TransferTx) => msg({ type: 'tx', bytes: encodeTx(t) });
const headersMsg = (...headers: BlockHeader[]) => msg({ type: 'headers', headers });

/** Rebuilds the merkle root and re-solves after changing transactions. */
function reseal(block: Block): Block {
  block.header.merkleRoot = computeMerkleRoot(block.txs);
  block.header.nonce = 0;
  if (solveBlock(block, 1_000_000) === null) throw new Error('could not solve');
  return block;
}

function failPow(block: Block): Block {
  const target = targetFromBits(block.header.bits)!;
  do block.header.nonce++;
  while (hashValue(headerHash(block.header)) <= target);
  return block;
}

function blockCase(name: string, rule: string, block: Block, ban = true): HostileCase {
  const frames = [blockMsg(block)];
  return ban ? { name, rule, ban, reason: new RegExp(`invalid-block: ${rule}`), frames } : { name, rule, ban, frames };
}

function txInBlock(chain: Chain, name: string, rule: string, txs: TransferTx[]): HostileCase {
  return blockCase(`block with ${name}`, rule, reseal(makeBlock(chain, { txs })));
}

/** Every case, in an order that lets bad-prevblk build on the block bad-cb-amount condemned. */
export async function hostileCatalogue(chain: Chain, nowSeconds: number): Promise<HostileCase[]> {
  const nonce = 1; // Alice's next nonce on the honest chain
  const pay = (over: Partial<TransferTx> = {}, n = nonce) => transfer(ALICE, CAROL, COIN, n, over);
  const good = pay();
  const mtp = chain.index.medianTimePast(chain.tip);
  const cases: HostileCase[] = [];
  const header = (mutate: (b: Block) => void) => makeBlock(chain, { mutate }).header;

  // Headers: checked before any block is asked for.
  cases.push({ name: 'header with proof of work above its target', rule: 'bad-pow', reason: /invalid-header: bad-pow/, ban: true, frames: [headersMsg(failPow(makeBlock(chain)).header)] });
  cases.push({ name: 'header with the wrong bits', rule: 'bad-diffbits', reason: /invalid-header: bad-diffbits/, ban: true, frames: [headersMsg(header((b) => (b.header.bits = 0x1f7fffff)))] });
  cases.push({ name: 'header not after the median time past', rule: 'time-too-old', reason: /invalid-header: time-too-old/, ban: true, frames: [headersMsg(header((b) => (b.header.time = mtp)))] });
  cases.push({ name: 'header with version 2', rule: 'bad-version', reason: /invalid-header: bad-version/, ban: true, frames: [headersMsg(header((b) => (b.header.version = 2)))] });

  // Blocks.
  // (Another template than the header case's: the reject log lists each object once.)
  cases.push(blockCase('block with proof of work above its target', 'bad-pow', failPow(makeBlock(chain, { extraNonce: 1n }))));
  cases.push(blockCase('block from beyond the clock limit (refused, not blamed)', 'time-too-new', makeBlock(chain, { mutate: (b) => (b.header.time = nowSeconds + 12 * chain.params.spacing + 600) }), false));
  const mutated = makeBlock(chain);
  (mutated.txs[0] as CoinbaseTx).extraNonce = 7n;
  cases.push(blockCase('block whose transactions do not match its merkle root', 'bad-merkle', mutated));
  const pair = makeBlock(chain, { txs: [good, pay({}, nonce + 1)] });
  cases.push(blockCase('block with a duplicated transaction (CVE-2012-2459)', 'bad-txns-duplicate', { header: pair.header, txs: [...pair.txs, pair.txs[2]!] }));
  const greedy = reseal(makeBlock(chain, { txs: [good], mutate: (b) => ((b.txs[0] as CoinbaseTx).amount += 1n) }));
  cases.push(blockCase('block whose coinbase pays more than subsidy plus fees', 'bad-cb-amount', greedy));
  cases.push(blockCase('block whose coinbase claims another height', 'bad-cb-height', reseal(makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).height += 3) }))));
  cases.push(blockCase('block whose coinbase is for another network', 'bad-cb-chain', reseal(makeBlock(chain, { mutate: (b) => ((b.txs[0] as CoinbaseTx).chainId = MAIN.genesisHash) }))));
  cases.push(blockCase('block without a coinbase first', 'bad-cb-missing', reseal(makeBlock(chain, { txs: [good], mutate: (b) => b.txs.reverse() }))));
  cases.push(blockCase('block with two coinbases', 'bad-cb-multiple', reseal(makeBlock(chain, { mutate: (b) => b.txs.push({ ...(b.txs[0] as CoinbaseTx), extraNonce: 9n }) }))));
  cases.push(blockCase('block with no transactions', 'bad-blk-empty', reseal(makeBlock(chain, { mutate: (b) => (b.txs = []) }))));
  await chain.submitBlock(greedy).catch(() => undefined); // the mirror condemns it too
  const condemned = [...chain.index.all()].find((e) => e.invalid)!;
  cases.push(blockCase('block building on a block known to be invalid', 'bad-prevblk', makeBlock(chain, { parent: condemned })));
  const oversize = new Writer().u8(13).bytes32(new Uint8Array(MAX_BLOCK_BYTES + 1)).finish();
  cases.push({ name: `block message over ${MAX_BLOCK_BYTES} bytes`, reason: /bad-encoding/, ban: true, frames: [oversize] });

  // Transactions inside blocks: every transfer rule, including the state-dependent ones.
  cases.push(txInBlock(chain, 'a bad signature', 'tx-bad-sig', [{ ...good, signature: good.signature.map((b, i) => (i === 9 ? b ^ 1 : b)) }]));
  cases.push(txInBlock(chain, 'a transfer signed for another network (replay)', 'tx-wrong-chain', [transfer(ALICE, CAROL, COIN, nonce, {}, MAIN)]));
  cases.push(txInBlock(chain, 'a reused nonce', 'tx-bad-nonce', [pay({}, 0)]));
  cases.push(txInBlock(chain, 'a nonce gap', 'tx-bad-nonce', [pay({}, nonce + 1)]));
  cases.push(txInBlock(chain, 'one nonce twice', 'tx-bad-nonce', [good, transfer(ALICE, BOB, 2n * COIN, nonce)]));
  cases.push(txInBlock(chain, 'an overspend', 'tx-insufficient-funds', [transfer(ALICE, CAROL, 10_000n * COIN, nonce)]));
  cases.push(txInBlock(chain, 'a zero amount', 'tx-bad-amount', [transfer(ALICE, CAROL, 0n, nonce)]));
  cases.push(txInBlock(chain, 'amount plus fee over the money supply', 'tx-overflow', [transfer(ALICE, CAROL, MAX_MONEY, nonce)]));
  cases.push(txInBlock(chain, 'a fee under the minimum', 'tx-fee-too-low', [pay({ fee: 999n })]));

  // Loose transactions.
  const looseCase = (name: string, rule: string, t: TransferTx): HostileCase => ({ name, rule, ban: true, reason: new RegExp(`invalid-tx: ${rule}`), frames: [txMsg(t)] });
  cases.push(looseCase('transaction with a bad signature', 'tx-bad-sig', { ...good, amount: good.amount + 1n }));
  cases.push(looseCase('transaction replayed from another network', 'tx-wrong-chain', transfer(ALICE, CAROL, COIN, nonce, {}, MAIN)));
  cases.push(looseCase('transaction with a fee under the minimum', 'tx-fee-too-low', pay({ fee: 999n })));
  const bigTx = new Writer().u8(14).bytes32(encodeTx(pay({ memo: new Uint8Array(64) })).slice(0, 200)).finish();
  cases.push({ name: 'transaction cut short', reason: /bad-encoding/, ban: true, frames: [bigTx] });
  const overTx = new Writer().u8(14).bytes32(new Uint8Array(4_000)).finish();
  cases.push({ name: 'transaction message over its size bound', reason: /bad-encoding/, ban: true, frames: [overTx] });
  // Failing only for our state: one is forgiven (the sender may not have our last block); a
  // stream is a flood.
  cases.push({ name: 'one transfer reusing a spent nonce (a relay race)', rule: 'tx-bad-nonce', ban: false, frames: [txMsg(pay({}, 0))] });
  // Each element is a distinct, correctly signed transfer: reused nonce, nonce gap, overspend.
  const stale: Array<[bigint, number]> = [[COIN, 0], [COIN, nonce + 5], [10_000n * COIN, nonce]];
  const stream = Array.from({ length: 12 }, (_, i) => txMsg(transfer(ALICE, CAROL, stale[i % 3]![0], stale[i % 3]![1], { memo: new Uint8Array([i]) })));
  cases.push({ name: 'a stream of reused-nonce, nonce-gap and overspending transfers', rule: 'tx-insufficient-funds', ban: true, reason: /flood-invalid-tx/, frames: stream });

  // Floods and malformed traffic.
  cases.push({ name: 'an unknown message type', reason: /bad-encoding/, ban: true, frames: [new Uint8Array([0xee, 1, 2, 3])] });
  cases.push({ name: 'a frame announcing 16 MiB', reason: /frame-oversize/, ban: true, frames: [], rawChunk: new Uint8Array([0, 0, 0, 1]) });
  const storm = (i: number) => msg({ type: 'inv', items: Array.from({ length: 1_000 }, (_, j) => ({ type: INV_TX, hash: hashOf(i * 1_000 + j) })) });
  cases.push({ name: 'an inv storm: 6,000 announcements at once', reason: /flood-inv/, ban: true, frames: Array.from({ length: 6 }, (_, i) => storm(i)) });
  const genesis = chain.entryAt(0);
  const sideBlocks = Array.from({ length: 21 }, (_, i) => makeBlock(chain, { parent: genesis, extraNonce: BigInt(100 + i) }));
  cases.push({ name: '21 valid blocks nobody asked for', reason: /flood-unrequested-block/, ban: true, frames: sideBlocks.map(blockMsg) });
  const fork = await lowWorkFork(chain);
  cases.push({ name: 'a low-work header chain, 4,005 headers', reason: /flood-low-work-headers/, ban: true, frames: Array.from({ length: 1_001 }, () => headersMsg(...fork)) });
  cases.push({ name: 'addr spam: 5 addr messages at once', reason: /flood-addr/, ban: true, frames: Array.from({ length: 5 }, (_, i) => msg({ type: 'addr', ids: [`spam-${i}`] })) });
  // Upload amplification (issue 14): 33 KB that would have drawn 1,000 copies of the tip block, and more blocks at once than any downloader needs.
  cases.push({ name: 'one getdata naming the tip block 1,000 times', reason: /dup-getdata/, ban: true, frames: [msg({ type: 'getdata', items: Array.from({ length: 1_000 }, () => ({ type: INV_BLOCK, hash: chain.tip.hash })) })] });
  cases.push({ name: 'one getdata for 65 blocks', reason: /flood-getdata/, ban: true, frames: [msg({ type: 'getdata', items: Array.from({ length: 65 }, (_, i) => ({ type: INV_BLOCK, hash: hashOf(10_000 + i) })) })] });
  return cases;
}

const hashOf = (n: number) => {
  const h = new Uint8Array(32);
  new DataView(h.buffer).setUint32(0, n + 1);
  h[31] = 0xaa;
  return h;
};

/** Four valid headers forking from genesis: less work than the honest five-block chain. */
async function lowWorkFork(chain: Chain): Promise<BlockHeader[]> {
  const headers: BlockHeader[] = [];
  let parent = chain.entryAt(0);
  for (let i = 0; i < 4; i++) {
    const block = makeBlock(chain, { parent, to: BOB, extraNonce: 500n + BigInt(i) });
    // Indexed as a header only: the mirror neither stores a low-work block nor leaves its tip.
    await chain.acceptHeaders([block.header]);
    headers.push(block.header);
    parent = chain.index.get(toHex(headerHash(block.header)))!;
  }
  return headers;
}
