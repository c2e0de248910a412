// The chain: accepts headers and blocks, keeps the header tree, and follows the most-work valid
// chain, connecting and disconnecting blocks with undo data. Account state lives in memory and is
// written through to the ChainStore, one atomic batch per connected or disconnected block.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { Emitter } from '../util/emitter';
import { BoundedMap } from '../util/bounded-map';
import { toHex } from '../encoding/bytes';
import { VerifyError } from '../protocol/verify-error';
import type { NetworkParams } from '../protocol/networks';
import { decodeBlock, type Block } from '../primitives/block';
import { decodeHeader, headerHash, type BlockHeader } from '../primitives/header';
import { HEADER_BYTES } from '../protocol/consensus';
import { headerWork } from '../pow/compact';
import { checkHeaderContext, checkProofOfWork } from '../consensus/header-rules';
import { checkBlockSanity, checkCoinbasePlacement, decodeBlockInput, type CheckedBlock } from '../consensus/block-rules';
import { SigCache } from '../consensus/sig-cache';
import { decodeUndo } from '../state/account';
import { HeaderIndex, type IndexEntry } from './header-index';
import { OrphanPool } from './orphans';
import { disconnectBatch, readStored, writeGenesis } from './stored-chain';
import { HeldBlock, type HeldInput } from './held-block';
import { CONNECT_BATCH, mergeRun, planRun, type RunPlan } from './connect-run';
import { acceptGroup, type AcceptResult, type Submitted } from './block-intake';

export type { AcceptResult } from './block-intake';
import type { ChainBatch, ChainStore } from './store';
import { activateBestChain, isBetter } from './activate';
import { ActiveChain } from './active-chain';

export interface ChainEvents extends Record<string, unknown> {
  connect: { entry: IndexEntry; block: Block };
  disconnect: { entry: IndexEntry; block: Block };
  tip: IndexEntry;
  invalid: { hashHex: string; error: VerifyError };
}

/** What acceptHeaders indexed, and the rule the first refused header broke (the rest were not looked at). */
export interface HeadersResult {
  entries: IndexEntry[];
  error: VerifyError | null;
}

export interface ChainOptions {
  /** The clock, in seconds since the epoch. */
  now: () => number;
  sigCache?: SigCache;
  orphans?: OrphanPool;
}

export class Chain extends ActiveChain {
  readonly events = new Emitter<ChainEvents>();
  readonly sigCache: SigCache;
  readonly orphans: OrphanPool;
  /** Why blocks were found invalid this session, for the UI and for answering their senders. */
  readonly invalidReasons = new BoundedMap<string, VerifyError>(1_000);
  /** Entries with block data that might head a better chain (see activate.ts). */
  private readonly candidates = new Set<IndexEntry>();
  /** The valid header with the most work (on a tie, the first seen): what block download aims at. */
  bestHeader: IndexEntry;
  /** Recently accepted blocks, so connecting them does not re-read and re-decode. */
  private readonly recent = new BoundedMap<string, CheckedBlock>(64);
  /** The block being accepted, not yet written: connecting it writes it in the same transaction. */
  private readonly held: HeldBlock;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly accepting = new Set<string>();
  /** Blocks submitted and waiting their turn: a backlog (initial block download) is accepted as one group. */
  private readonly incoming: Submitted[] = [];

  private constructor(
    params: NetworkParams,
    readonly store: ChainStore,
    index: HeaderIndex,
    private readonly options: ChainOptions,
  ) {
    super(params, index);
    this.sigCache = options.sigCache ?? new SigCache();
    this.orphans = options.orphans ?? new OrphanPool();
    this.held = new HeldBlock(store, index);
    this.bestHeader = index.get(toHex(params.genesisHash)) ?? (index.all().next().value as IndexEntry);
  }

  /** Opens the chain from the store, or writes the genesis block into an empty store. */
  static async open(params: NetworkParams, store: ChainStore, options: ChainOptions): Promise<Chain> {
    const loaded = await store.load();
    const start = loaded ? readStored(params, loaded) : await writeGenesis(params, store);
    const chain = new Chain(params, store, start.index, options);
    for (const { keyHex, account } of start.accounts) chain.accounts.set(keyHex, account);
    chain.active = start.active;
    for (const e of chain.index.all()) {
      if (e.hasData && !e.invalid && e.work > chain.tip.work) chain.candidates.add(e);
      chain.noteHeader(e);
    }
    // Blocks stored but not yet connected when the last session ended (a crash between the two
    // writes) are connected now.
    await chain.serial(() => activateBestChain(chain, chain.candidates));
    return chain;
  }

  /** The node's clock, in seconds. */
  nowSeconds(): number {
    return this.options.now();
  }

  /** Whether entry's block could join the best chain (more work than our tip, or on the way to a header with more): only such blocks are verified and stored. */
  couldBecomeBest(entry: IndexEntry): boolean {
    const best = this.bestHeader;
    return !entry.invalid && (entry.work > this.tip.work || (!best.invalid && best.work > this.tip.work && this.index.ancestor(best, entry.height) === entry));
  }

  /** Keeps bestHeader the most-work valid header. */
  private noteHeader(entry: IndexEntry): void {
    if (!entry.invalid && (this.bestHeader.invalid || isBetter(entry, this.bestHeader))) this.bestHeader = entry;
  }

  /** Runs operations one at a time: chain updates never interleave. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Indexes a run of headers (headers-first sync), in memory only: a header is stored with its
   * block. The caller has checked that the run connects and leads to more work than our tip
   * (header-batch.ts), or that presync proved it did. Stops at the first header that breaks a rule.
   */
  acceptHeaders(headers: BlockHeader[]): Promise<HeadersResult> {
    return this.serial(async () => {
      const entries: IndexEntry[] = [];
      let refused: VerifyError | null = null;
      for (const header of headers) {
        try {
          entries.push(this.checkAndIndexHeader(header, headerHash(header)));
        } catch (error) {
          if (!(error instanceof VerifyError)) throw error;
          refused = error;
          break;
        }
      }
      this.index.forgetLosing(this.bestHeader);
      return { entries, error: refused };
    });
  }

  /**
   * Accepts a block from anywhere (a peer, our miner). Throws VerifyError if it breaks a rule.
   * ready: the block's turn waits for it (a worker pool prefilling the SigCache, block-intake.ts).
   */
  submitBlock(input: Uint8Array | Block, ready?: Promise<void>): Promise<AcceptResult> {
    // The header is the block's first 80 bytes (an undecodable one is refused by accept()).
    const short = input instanceof Uint8Array && input.length < HEADER_BYTES;
    const hashHex = short ? null : toHex(headerHash(input instanceof Uint8Array ? decodeHeader(input.subarray(0, HEADER_BYTES)) : input.header));
    if (hashHex) this.accepting.add(hashHex);
    const result = new Promise<AcceptResult>((resolve, reject) => this.incoming.push({ input, ready, resolve, reject }));
    void this.serial(() => this.acceptIncoming());
    return result.finally(() => hashHex && this.accepting.delete(hashHex));
  }

  /** Accepts up to CONNECT_BATCH waiting blocks as one group (block-intake.ts). */
  private acceptIncoming(): Promise<void> {
    return acceptGroup(this.incoming.splice(0, CONNECT_BATCH), {
      tip: () => this.tip,
      prepare: (input) => this.prepare(input),
      activate: (held) => this.activate(held),
      settle: (p, before, alone) => this.settle(p.entry, p.hashHex, before, alone),
    });
  }

  /** Whether a block is waiting its turn to be accepted: block download must not ask for it again. */
  isAccepting(hashHex: string): boolean {
    return this.accepting.has(hashHex);
  }

  /** The consensus flow for one block: triage, check, store, activate, then its waiting orphans. */
  private async accept(input: Uint8Array | Block): Promise<AcceptResult> {
    const prepared = await this.prepare(input);
    if (typeof prepared === 'string') return prepared;
    const before = this.tip;
    await this.activate([prepared]);
    return this.settle(prepared.entry, prepared.hashHex, before, true);
  }

  /** Activates the best chain with these blocks held, so connecting them also stores them. */
  private activate(held: HeldInput[]): Promise<void> {
    return this.held.during(held, async () => {
      if (await activateBestChain(this, this.candidates)) this.events.emit('tip', this.tip);
    });
  }

  /** A block's triage and checks, up to being a candidate: an early result, or what to hold while activating. */
  private async prepare(input: Uint8Array | Block): Promise<AcceptResult | (HeldInput & { hashHex: string })> {
    const { block, bytes } = decodeBlockInput(input);
    const hash = headerHash(block.header);
    const hashHex = toHex(hash);
    const early = this.triage(block, bytes, hash, hashHex);
    if (early) return early;
    const entry = this.checkAndIndexHeader(block.header, hash);
    const checked = await this.checkBody(entry, block, bytes.length);
    this.index.markReceived(entry);
    this.candidates.add(entry);
    this.recent.set(hashHex, checked);
    return { entry, bytes, block: checked, hashHex };
  }

  /** After activation: a block found invalid throws; its waiting orphans are accepted; then whether it moved the tip (in a group: onto it). */
  private async settle(entry: IndexEntry, hashHex: string, before: IndexEntry, alone: boolean): Promise<AcceptResult> {
    if (entry.invalid) throw this.invalidReasons.get(entry.hashHex) ?? new VerifyError('bad-prevblk', 'builds on an invalid block');
    await this.acceptOrphansOf(hashHex);
    return this.tip !== before && (alone || this.isActive(entry)) ? 'connected' : 'stored';
  }

  /**
   * What is settled before the header is indexed: a block known invalid (throws), one we hold, an
   * orphan, and a branch without the work to matter. Null: go on to check the block.
   */
  private triage(block: Block, bytes: Uint8Array, hash: Uint8Array, hashHex: string): AcceptResult | null {
    const known = this.index.get(hashHex);
    if (known?.invalid) throw this.invalidReasons.get(hashHex) ?? new VerifyError('bad-prevblk', 'block is known to be invalid');
    if (known?.hasData || this.orphans.has(hashHex)) return 'duplicate';
    if (known) return this.couldBecomeBest(known) ? null : 'low-work';
    // First what needs no parent: the proof of work, so the bits are a target whose work counts.
    checkProofOfWork(block.header, hash, this.params);
    const parent = this.index.get(toHex(block.header.prevHash));
    if (!parent) {
      this.orphans.add({ hashHex, prevHex: toHex(block.header.prevHash), block, bytes });
      return 'orphan';
    }
    if (parent.work + headerWork(block.header.bits) > this.tip.work) return null;
    // A branch with no more work than ours: check the header (so a broken one is still blamed),
    // but neither index it nor spend time and storage on the body.
    this.checkHeader(block.header, hash, parent);
    return 'low-work';
  }

  /** The block rules that need no state; a body that breaks one condemns the header, unless it is a mutation. */
  private async checkBody(entry: IndexEntry, block: Block, size: number): Promise<CheckedBlock> {
    try {
      return checkBlockSanity(block, size, this.params, this.sigCache);
    } catch (error) {
      // A wrong merkle root or duplicated tx may be a peer's mutation of a valid block:
      // reject the body but do not condemn the header (Bitcoin's BLOCK_MUTATED).
      if (error instanceof VerifyError && error.code !== 'bad-merkle' && error.code !== 'bad-txns-duplicate') await this.markInvalid(entry, error);
      throw error;
    }
  }

  /** Orphans that were waiting for hashHex, accepted in turn; one that breaks a rule is dropped. */
  private async acceptOrphansOf(hashHex: string): Promise<void> {
    for (const orphan of this.orphans.takeChildren(hashHex)) {
      try {
        await this.accept(orphan.bytes);
      } catch (error) {
        if (!(error instanceof VerifyError)) throw error;
      }
    }
  }

  /** Header rules against the parent; adds the header to the index (a known one is returned). */
  private checkAndIndexHeader(header: BlockHeader, hash: Uint8Array): IndexEntry {
    const known = this.index.get(toHex(hash));
    if (known?.invalid) throw this.invalidReasons.get(known.hashHex) ?? new VerifyError('bad-prevblk', 'block is known to be invalid');
    if (known) return known;
    const parent = this.index.get(toHex(header.prevHash));
    // Callers look the parent up first: an unknown parent is an orphan or a getheaders, never a rule.
    if (!parent) throw new Error('checkAndIndexHeader: the parent is not in the index');
    this.checkHeader(header, hash, parent);
    const entry = this.index.add(hash, header, parent);
    this.noteHeader(entry);
    return entry;
  }

  /** Every header rule, in the documented order, against a known parent. */
  private checkHeader(header: BlockHeader, hash: Uint8Array, parent: IndexEntry): void {
    checkProofOfWork(header, hash, this.params);
    if (parent.invalid) throw new VerifyError('bad-prevblk', 'parent is invalid');
    checkHeaderContext(header, { expectedBits: this.bitsAfter(parent), medianTimePast: this.index.medianTimePast(parent), now: this.options.now() }, this.params);
  }

  /** Marks entry and its descendants invalid, persistently. */
  async markInvalid(entry: IndexEntry, error: VerifyError): Promise<void> {
    const all = [entry, ...this.index.descendants(entry)];
    this.invalidReasons.set(entry.hashHex, error);
    for (const e of all) {
      e.invalid = true;
      this.candidates.delete(e);
    }
    if (this.bestHeader.invalid) {
      this.bestHeader = this.tip;
      for (const e of this.index.all()) this.noteHeader(e);
    }
    // Only what the store holds is updated there: a header-only entry lives in memory.
    const stored = all.filter((e) => e.stored);
    if (stored.length > 0) await this.store.write({ entries: stored.map((e) => this.index.toStored(e)) });
    this.events.emit('invalid', { hashHex: entry.hashHex, error });
  }

  async loadBlock(entry: IndexEntry): Promise<Block> {
    const cached = this.recent.get(entry.hashHex);
    if (cached) return cached;
    const bytes = await this.store.getBlock(entry.hashHex);
    if (!bytes) throw new Error(`block ${entry.hashHex} is missing from the store`);
    return decodeBlock(bytes);
  }

  /**
   * Connects path (consecutive, path[0] a child of the tip) in one atomic write: every block up to
   * the first that breaks a rule, which is returned (null: all connected). Memory (accounts, the
   * active chain) follows only after the write, block by block, each with its 'connect' event.
   */
  async connectRun(path: IndexEntry[]): Promise<RunPlan['failure']> {
    if (path[0]?.parent !== this.tip || path.some((e, i) => i > 0 && e.parent !== path[i - 1])) throw new Error('connectRun: not a chain of descendants of the tip');
    // A block read back from the store passed checkBlockSanity when it was accepted.
    const load = async (e: IndexEntry) => this.held.block(e) ?? this.recent.get(e.hashHex) ?? checkCoinbasePlacement(await this.loadBlock(e));
    const { connects, failure } = await planRun(path, this.accounts, this.params, load);
    if (connects.length === 0) return failure;
    const entries = connects.map((c) => c.entry);
    await this.store.write(mergeRun(connects, this.held.batchPart(entries)));
    this.held.written(entries);
    for (const { entry, block, part } of connects) {
      this.applyAccounts(part);
      this.active.push(entry);
      this.events.emit('connect', { entry, block });
    }
    return failure;
  }

  /** Disconnects the tip using its undo data: one atomic write, then memory follows. */
  async disconnectTip(): Promise<void> {
    const entry = this.tip;
    if (!entry.parent) throw new Error('cannot disconnect genesis');
    const [block, undoBytes] = await Promise.all([this.loadBlock(entry), this.store.getUndo(entry.hashHex)]);
    if (!undoBytes) throw new Error(`undo data for ${entry.hashHex} is missing`);
    const batch = disconnectBatch(entry, entry.parent, decodeUndo(undoBytes));
    await this.store.write(batch);
    this.applyAccounts(batch);
    this.active.pop();
    this.candidates.add(entry);
    this.events.emit('disconnect', { entry, block });
  }

  /** Memory follows a batch that landed: its accounts (null: emptied, so forgotten). */
  private applyAccounts(batch: ChainBatch): void {
    for (const a of batch.accounts ?? []) {
      if (a.account) this.accounts.set(a.keyHex, a.account);
      else this.accounts.delete(a.keyHex);
    }
  }
}

