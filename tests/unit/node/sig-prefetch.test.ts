// Signatures verified ahead of connection by a worker pool (node/sig-prefetch.ts, over fake
// workers running the real worker's answer): blocks waiting their turn are prefilled into the
// SigCache, a bad signature is never recorded and its block is still refused with tx-bad-sig,
// the blocks connect in the order submitted, and a failing verifier is raised, not swallowed.
import { describe, expect, it, vi } from 'vitest';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import { VerifyPool, type VerifyWorkerLike } from '../../../src/workers/verify-pool';
import { answerVerify, type VerifyRequest, type VerifyReply } from '../../../src/workers/verify-protocol';
import { encodeBlock, type Block } from '../../../src/core/primitives/block';
import { headerHash } from '../../../src/core/primitives/header';
import { txid, type TransferTx } from '../../../src/core/primitives/tx';
import { toHex } from '../../../src/core/encoding/bytes';
import { VerifyError } from '../../../src/core/protocol/verify-error';
import { raiseUncaught } from '../../../src/core/util/fault';
import type { SignatureVerifier } from '../../../src/node/sig-prefetch';
import { ALICE, BOB, makeBlock, mine, newChain, transfer } from '../core/helpers';
import { makeNode } from './harness';

vi.mock('../../../src/core/util/fault', () => ({ raiseUncaught: vi.fn() }));

class AnsweringWorker implements VerifyWorkerLike {
  onmessage: ((event: { data: VerifyReply }) => void) | null = null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null = null;
  postMessage(message: VerifyRequest): void {
    setTimeout(() => this.onmessage?.({ data: answerVerify(message) }), 0);
  }
  terminate(): void {}
}

const flip = (t: TransferTx): TransferTx => ({ ...t, signature: t.signature.map((b, i) => (i === 3 ? b ^ 1 : b)) });

/** Three coinbase blocks to Alice, three with two of her transfers each, then one whose second transfer has a bad signature. */
async function fixture(): Promise<{ blocks: Block[]; bad: TransferTx }> {
  const { chain } = await newChain();
  const blocks: Block[] = [];
  for (let i = 0; i < 3; i++) blocks.push(await mine(chain, { to: ALICE }));
  let nonce = 0;
  for (let i = 0; i < 3; i++) blocks.push(await mine(chain, { txs: [transfer(ALICE, BOB, 1_000n, nonce++), transfer(ALICE, BOB, 1_000n, nonce++)] }));
  const bad = flip(transfer(ALICE, BOB, 1_000n, nonce + 1));
  blocks.push(makeBlock(chain, { txs: [transfer(ALICE, BOB, 1_000n, nonce), bad] }));
  return { blocks, bad };
}

async function nodeWith(verifier: SignatureVerifier | undefined) {
  const { node } = await makeNode(new MemoryNetwork(), undefined, { start: false, options: { signatureVerifier: verifier } });
  return node;
}

const idOf = (t: TransferTx) => toHex(txid(t));

describe('signatures verified ahead of connection', () => {
  it('prefills the cache from the pool for blocks waiting their turn; the bad signature is refused inline with tx-bad-sig', async () => {
    const { blocks, bad } = await fixture();
    const pool = new VerifyPool(() => new AnsweringWorker(), 2);
    const node = await nodeWith(pool);
    await node.chain.acceptHeaders(blocks.map((b) => b.header)); // headers first, as in initial download
    const connected: string[] = [];
    node.chain.events.on('connect', ({ entry }) => connected.push(entry.hashHex));
    const results = await Promise.allSettled(blocks.map((b) => node.submitBlock(encodeBlock(b))));
    expect(results.slice(0, 6).map((r) => r.status === 'fulfilled' && r.value)).toEqual(new Array(6).fill('connected'));
    const refused = results[6]!;
    expect(refused.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(VerifyError);
    expect((error as VerifyError).code).toBe('tx-bad-sig');
    // Order of state application unchanged: the blocks connected in the order submitted.
    expect(connected).toEqual(blocks.slice(0, 6).map((b) => toHex(headerHash(b.header))));
    expect(node.chain.height).toBe(6);
    // The pool verified all 8 transfers: the 7 good ones were prefilled, then found in the cache when their blocks connected.
    expect(pool.verified).toBe(8);
    const cache = node.chain.sigCache;
    expect(cache.prefilled).toBe(7);
    expect(cache.has(idOf(bad))).toBe(false);
    expect(cache.hits).toBe(7);
    // The bad signature missed the cache and was verified again inline, where it failed.
    expect(cache.misses).toBe(1);
    expect(vi.mocked(raiseUncaught)).not.toHaveBeenCalled();
  });

  const liar: SignatureVerifier = { verify: (checks) => Promise.resolve(checks.map(() => false)) };
  it.each([
    ['without a verifier every signature is verified inline (the reference the pool is measured against)', undefined],
    ['a verifier that says every signature is bad records nothing, and the good blocks still connect', liar],
  ])('%s', async (_name, verifier) => {
    const { blocks } = await fixture();
    const node = await nodeWith(verifier);
    await node.chain.acceptHeaders(blocks.map((b) => b.header));
    const results = await Promise.allSettled(blocks.map((b) => node.submitBlock(encodeBlock(b))));
    expect(results.map((r) => r.status)).toEqual([...new Array(6).fill('fulfilled'), 'rejected']);
    expect(node.chain.sigCache.prefilled).toBe(0);
    expect(node.chain.sigCache.misses).toBe(8);
  });

  it('a verifier that fails is raised uncaught, and the blocks are verified inline', async () => {
    const { blocks } = await fixture();
    const failure = new Error('verify worker failed: out of memory');
    const failing: SignatureVerifier = { verify: () => Promise.reject(failure) };
    const node = await nodeWith(failing);
    await node.chain.acceptHeaders(blocks.map((b) => b.header));
    const results = await Promise.allSettled(blocks.slice(0, 6).map((b) => node.submitBlock(encodeBlock(b))));
    expect(results.every((r) => r.status === 'fulfilled' && r.value === 'connected')).toBe(true);
    expect(vi.mocked(raiseUncaught)).toHaveBeenCalledWith(failure);
    expect(node.chain.sigCache.misses).toBe(6);
  });

  it('a full pool leaves the block to inline verification, and a block that does not decode to the chain', async () => {
    const { blocks } = await fixture();
    const full: SignatureVerifier = { verify: () => null };
    const node = await nodeWith(full);
    await node.chain.acceptHeaders(blocks.map((b) => b.header));
    await expect(node.submitBlock(new Uint8Array(90))).rejects.toMatchObject({ code: 'bad-encoding' });
    for (const b of blocks.slice(0, 6)) expect(await node.submitBlock(encodeBlock(b))).toBe('connected');
    expect(node.chain.sigCache.misses).toBe(6);
  });

  it('sends nothing for a block whose header is not indexed: a stranger cannot buy signature checks with an unsolicited block', async () => {
    const { blocks } = await fixture();
    const asked: number[] = [];
    const counting: SignatureVerifier = { verify: (checks) => (asked.push(checks.length), Promise.resolve(checks.map(() => true))) };
    const node = await nodeWith(counting);
    // No headers first: every block arrives unannounced, so each is verified inline, after its header was judged.
    const results = await Promise.allSettled(blocks.map((b) => node.submitBlock(encodeBlock(b))));
    expect(results.map((r) => r.status)).toEqual([...new Array(6).fill('fulfilled'), 'rejected']);
    expect(asked).toEqual([]);
    expect(node.chain.sigCache.prefilled).toBe(0);
    // Once a header is indexed, its block's transfers are sent, once; a block already held is not.
    const { blocks: more } = await fixture();
    const other = await nodeWith(counting);
    await other.chain.acceptHeaders(more.slice(0, 4).map((b) => b.header));
    for (const b of more.slice(0, 4)) await other.submitBlock(encodeBlock(b));
    expect(asked).toEqual([2]);
    await other.submitBlock(encodeBlock(more[3]!));
    expect(asked).toEqual([2]);
  });
});
