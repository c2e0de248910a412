// The signature verification pool over fake workers that run the real worker's answer
// (verify-protocol.ts) a tick later, as a Worker would: verdicts, bad signatures, the bound on
// queued work, the choice of worker, and failures that reach the caller.
import { describe, expect, it } from 'vitest';
import { VerifyPool, type VerifyWorkerLike } from '../../../src/workers/verify-pool';
import { answerVerify, type VerifyRequest, type VerifyReply } from '../../../src/workers/verify-protocol';
import { sigCheckOf } from '../../../src/core/consensus/sig-cache';
import { toHex } from '../../../src/core/encoding/bytes';
import { txid, type TransferTx } from '../../../src/core/primitives/tx';
import { ALICE, BOB, transfer } from '../core/helpers';

class FakeWorker implements VerifyWorkerLike {
  onmessage: ((event: { data: VerifyReply }) => void) | null = null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null = null;
  readonly requests: VerifyRequest[] = [];
  terminated = false;
  /** When set, the worker answers nothing and fails with this instead. */
  crashWith: Error | null = null;
  /** When set, the worker answers this instead of verifying. */
  reply: ((r: VerifyRequest) => VerifyReply) | null = null;

  postMessage(message: VerifyRequest): void {
    this.requests.push(message);
    setTimeout(() => {
      if (this.crashWith) this.onerror?.({ message: this.crashWith.message, error: this.crashWith });
      else this.onmessage?.({ data: this.reply ? this.reply(message) : answerVerify(structuredClone(message)) });
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

function fakePool(size: number, maxQueued?: number): { pool: VerifyPool; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const pool = new VerifyPool(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, size, maxQueued);
  return { pool, workers };
}

const check = (tx: TransferTx) => {
  const { sigHash, publicKey, signature } = sigCheckOf(tx, toHex(txid(tx)));
  return { sigHash, publicKey, signature };
};
const good = (nonce: number) => check(transfer(ALICE, BOB, 1_000n, nonce));
const badSig = (nonce: number) => {
  const t = transfer(ALICE, BOB, 1_000n, nonce);
  return check({ ...t, signature: t.signature.map((b, i) => (i === 5 ? b ^ 1 : b)) });
};

describe('VerifyPool', () => {
  it('verifies in its workers and reports the bad signature among good ones, in order', async () => {
    const { pool, workers } = fakePool(2);
    expect(pool.size).toBe(0); // workers start on the first request
    const verdicts = await pool.verify([good(0), badSig(1), good(2)]);
    expect(verdicts).toEqual([true, false, true]);
    expect(pool.size).toBe(2);
    expect(workers.flatMap((w) => w.requests)).toHaveLength(1);
    expect(pool.verified).toBe(3);
    // A signature over another message (a field the signature covers changed) is bad too.
    const t = transfer(ALICE, BOB, 1_000n, 3);
    expect(await pool.verify([{ ...check(t), sigHash: check({ ...t, amount: 2_000n }).sigHash }])).toEqual([false]);
  });

  it('sends each request to the worker with the least queued, and counts queued work until answered', async () => {
    const { pool, workers } = fakePool(2);
    const first = pool.verify([good(0), good(1), good(2)]);
    const second = pool.verify([good(3)]);
    const third = pool.verify([good(4)]);
    expect(workers.map((w) => w.requests.length)).toEqual([1, 2]);
    expect(pool.queued).toBe(5);
    await Promise.all([first, second, third]);
    expect(pool.queued).toBe(0);
  });

  it('refuses work past its bound (the caller verifies it inline) and nothing when there is nothing to check', async () => {
    const { pool } = fakePool(1, 3);
    expect(pool.verify([])).toBeNull();
    const accepted = pool.verify([good(0), good(1)]);
    expect(accepted).not.toBeNull();
    expect(pool.verify([good(2), good(3)])).toBeNull();
    expect(pool.verify([good(2)])).not.toBeNull();
    await accepted;
    expect(pool.verify([good(4), good(5)])).not.toBeNull();
  });

  it('rejects the pending requests of a worker that fails with its error, and replaces it', async () => {
    const { pool, workers } = fakePool(1);
    await pool.verify([good(0)]); // starts the worker
    workers[0]!.crashWith = new Error('out of memory');
    await expect(pool.verify([good(1)])).rejects.toThrow('out of memory');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(await pool.verify([good(2)])).toEqual([true]);
  });

  it('rejects a request the worker answered with an error, or with the wrong number of verdicts', async () => {
    const { pool, workers } = fakePool(1);
    await pool.verify([good(0)]);
    workers[0]!.reply = (r) => ({ jobId: r.jobId, error: 'TypeError: boom' });
    await expect(pool.verify([good(1)])).rejects.toThrow('TypeError: boom');
    workers[0]!.reply = (r) => ({ jobId: r.jobId, valid: [true] });
    await expect(pool.verify([good(1), good(2)])).rejects.toThrow('answered 1 of 2');
  });

  it('rejects what is pending when terminated', async () => {
    const { pool, workers } = fakePool(2);
    const pending = pool.verify([good(0)]);
    pool.terminate();
    await expect(pending).rejects.toThrow('terminated');
    expect(workers.every((w) => w.terminated)).toBe(true);
  });
});
