// Headers presync (Bitcoin Core v24, src/headerssync.cpp): a long header chain that does not yet
// lead to more work than our tip is checked without being stored. Two passes over the peer's chain:
//  1. presync: every header is checked against every header rule, keeping only a rolling summary
//     (last hash, height, work, the times the rules need) and a commitment (the first 8 bytes of
//     the hash) every COMMITMENT_PERIOD headers. Nothing is indexed. If the chain ends before it
//     has more work than our tip, it is dropped: it cost us one hash per header and a few bytes.
//  2. redownload: once it has more work, the same headers are asked for again from the fork point
//     and must match the commitments (a swap is caught within 500 headers) and, at the end, the
//     hash of the header where the work was proven. Only then are they handed over for indexing,
//     all at once, so a peer cannot swap in a different, low-work chain, and no prefix of the
//     chain (which alone has less work than our tip) sits in the index on its own.
// Core keeps 1-bit salted commitments; we keep 64 bits, so a swapped chain would need a 2^64
// second-preimage search, and presync memory is 8 bytes per 500 headers the peer sent. The
// redownload holds the proven chain's headers (80-byte objects, cheaper than index entries,
// which they are about to become).
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { bytesEqual } from '../encoding/bytes';
import { VerifyError } from '../protocol/verify-error';
import { MAX_FUTURE_SPACINGS, MEDIAN_TIME_SPAN } from '../protocol/consensus';
import type { NetworkParams } from '../protocol/networks';
import type { BlockHeader } from '../primitives/header';
import { checkHeaderContext, checkProofOfWork } from '../consensus/header-rules';
import { anchorAfter, medianTime, nextBits, type DifficultyAnchor } from '../consensus/difficulty';
import { headerWork } from '../pow/compact';
import type { IndexEntry } from './header-index';

/** One commitment per this many headers. */
export const COMMITMENT_PERIOD = 500;
const COMMITMENT_BYTES = 8;

/** The rolling state of a header chain: what the rules need to check its next header. */
interface Cursor {
  hash: Uint8Array;
  height: number;
  work: bigint;
  time: number;
  /** The difficulty anchor for this header's children (consensus/difficulty.ts). */
  anchor: DifficultyAnchor | null;
  /** Times of the last MEDIAN_TIME_SPAN headers, oldest first. */
  times: number[];
}

function cursorAt(entry: IndexEntry, anchor: DifficultyAnchor | null): Cursor {
  const times: number[] = [];
  for (let e: IndexEntry | null = entry; e && times.length < MEDIAN_TIME_SPAN; e = e.parent) times.unshift(e.header.time);
  return { hash: entry.hash, height: entry.height, work: entry.work, time: entry.header.time, anchor, times };
}

/** Checks header as the child of cursor (every header rule) and returns the child's cursor. */
function advance(cursor: Cursor, header: BlockHeader, hash: Uint8Array, params: NetworkParams, now: number): Cursor {
  checkProofOfWork(header, hash, params);
  const expectedBits = nextBits(params, { height: cursor.height, time: cursor.time, anchor: cursor.anchor });
  checkHeaderContext(header, { expectedBits, medianTimePast: medianTime(cursor.times), now }, params);
  const times = [...cursor.times, header.time].slice(-MEDIAN_TIME_SPAN);
  const height = cursor.height + 1;
  const anchor = anchorAfter(params, cursor.anchor, { height, time: header.time });
  return { hash, height, work: cursor.work + headerWork(header.bits), time: header.time, anchor, times };
}

export type PresyncStep =
  /** Ask the peer for the headers after `from` (locator: from, then our locator of the fork point). */
  | { kind: 'more'; from: Uint8Array }
  /** Presync proved more work: ask again from the fork point. */
  | { kind: 'redownload' }
  /** Every header up to the proven one is released; later headers go through normal acceptance. */
  | { kind: 'done'; release: BlockHeader[] }
  /** Given up without blame (the chain ended short, changed under us, or grew impossibly long). */
  | { kind: 'aborted'; reason: string }
  /** A header broke a rule: the sender is blamed by the rule's score. */
  | { kind: 'invalid'; error: VerifyError; at: number };

export class HeadersPresync {
  phase: 'presync' | 'redownload' = 'presync';
  private cursor: Cursor;
  private commitments = new Uint8Array(64 * COMMITMENT_BYTES);
  private commitmentCount = 0;
  private checked = 0;
  private target: { height: number; hash: Uint8Array } | null = null;
  private buffer: BlockHeader[] = [];
  /** The longest chain the time rules allow from the fork: time must pass the median of 11, so at most 6 headers per second. */
  private readonly maxLength: number;

  constructor(
    readonly fork: IndexEntry,
    /** The difficulty anchor for fork's children, as the chain computes it. */
    private readonly forkAnchor: DifficultyAnchor | null,
    private readonly params: NetworkParams,
    /** The node's clock, in seconds. */
    private readonly now: () => number,
    /** The work to beat (our tip's, read at each check). */
    private readonly minimumWork: () => bigint,
  ) {
    this.cursor = cursorAt(fork, forkAnchor);
    const horizon = now() + MAX_FUTURE_SPACINGS * params.spacing - medianTime(this.cursor.times);
    this.maxLength = 6 * Math.max(1, horizon) + MEDIAN_TIME_SPAN;
  }

  /** Bytes this state holds (commitments and the redownload buffer), for bounds and figures. */
  get bytes(): number {
    return this.commitments.byteLength + this.buffer.length * 250;
  }

  /** Headers checked so far, both passes. */
  get headersChecked(): number {
    return this.checked;
  }

  /** Feeds one headers message (already judged continuous); full: it held the most a message may. */
  feed(headers: BlockHeader[], hashes: Uint8Array[], full: boolean): PresyncStep {
    if (headers.length === 0 || !bytesEqual((headers[0] as BlockHeader).prevHash, this.cursor.hash)) return { kind: 'aborted', reason: 'headers do not continue the chain being synced' };
    return this.phase === 'presync' ? this.presync(headers, hashes, full) : this.redownload(headers, hashes, full);
  }

  private step(header: BlockHeader, hash: Uint8Array): VerifyError | 'too-long' | null {
    try {
      this.cursor = advance(this.cursor, header, hash, this.params, this.now());
    } catch (error) {
      if (error instanceof VerifyError) return error;
      throw error;
    }
    this.checked++;
    return this.cursor.height - this.fork.height > this.maxLength ? 'too-long' : null;
  }

  private failure(problem: VerifyError | 'too-long', at: number): PresyncStep {
    if (problem === 'too-long') return { kind: 'aborted', reason: 'the chain is longer than the time rules allow' };
    // time-too-new may be our clock: refused, not blamed, and not asked again.
    return problem.score > 0 ? { kind: 'invalid', error: problem, at } : { kind: 'aborted', reason: `${problem.code}: ${problem.message}` };
  }

  private presync(headers: BlockHeader[], hashes: Uint8Array[], full: boolean): PresyncStep {
    for (let i = 0; i < headers.length; i++) {
      const problem = this.step(headers[i] as BlockHeader, hashes[i] as Uint8Array);
      if (problem) return this.failure(problem, i);
      if (this.cursor.height % COMMITMENT_PERIOD === 0) this.commit(this.cursor.hash);
      if (this.cursor.work > this.minimumWork()) {
        this.target = { height: this.cursor.height, hash: this.cursor.hash };
        this.phase = 'redownload';
        this.cursor = cursorAt(this.fork, this.forkAnchor);
        return { kind: 'redownload' };
      }
    }
    if (!full) return { kind: 'aborted', reason: 'the chain ended without more work than our tip' };
    return { kind: 'more', from: this.cursor.hash };
  }

  private redownload(headers: BlockHeader[], hashes: Uint8Array[], full: boolean): PresyncStep {
    const target = this.target as { height: number; hash: Uint8Array };
    for (let i = 0; i < headers.length; i++) {
      const header = headers[i] as BlockHeader;
      const problem = this.step(header, hashes[i] as Uint8Array);
      if (problem) return this.failure(problem, i);
      this.buffer.push(header);
      const { height, hash } = this.cursor;
      if (height === target.height) {
        if (!bytesEqual(hash, target.hash)) return { kind: 'aborted', reason: 'the redownloaded chain differs from the presynced one' };
        return { kind: 'done', release: [...this.buffer, ...headers.slice(i + 1)] };
      }
      if (height % COMMITMENT_PERIOD === 0) {
        if (!this.matches(height / COMMITMENT_PERIOD - this.firstCommitment(), hash)) return { kind: 'aborted', reason: 'the redownloaded chain differs from the presynced one' };
      }
    }
    if (!full) return { kind: 'aborted', reason: 'the peer stopped before the presynced header' };
    return { kind: 'more', from: this.cursor.hash };
  }

  /** The index of the first commitment height above the fork. */
  private firstCommitment(): number {
    return Math.floor(this.fork.height / COMMITMENT_PERIOD) + 1;
  }

  private commit(hash: Uint8Array): void {
    const at = this.commitmentCount * COMMITMENT_BYTES;
    if (at + COMMITMENT_BYTES > this.commitments.length) {
      const grown = new Uint8Array(this.commitments.length * 2);
      grown.set(this.commitments);
      this.commitments = grown;
    }
    this.commitments.set(hash.subarray(0, COMMITMENT_BYTES), at);
    this.commitmentCount++;
  }

  private matches(i: number, hash: Uint8Array): boolean {
    if (i < 0 || i >= this.commitmentCount) return false;
    return bytesEqual(this.commitments.subarray(i * COMMITMENT_BYTES, (i + 1) * COMMITMENT_BYTES), hash.subarray(0, COMMITMENT_BYTES));
  }
}
