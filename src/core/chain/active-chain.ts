// The active chain and the state at its tip, read-only: what the chain (chain.ts) answers about
// heights, accounts, locators and difficulty. chain.ts changes them, one atomic write at a time.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import type { NetworkParams } from '../protocol/networks';
import { nextBits, type DifficultyAnchor } from '../consensus/difficulty';
import type { Account } from '../state/account';
import type { TemplateInput } from '../mining/template';
import type { HeaderIndex, IndexEntry } from './header-index';
import { AnchorCache } from './anchors';
import { buildLocator, findForkInActive } from './locator';

export class ActiveChain {
  /** The active chain by height: read through entryAt, hashAt, tip and height. */
  protected active: IndexEntry[] = [];
  readonly accounts = new Map<string, Account>();
  private readonly anchors: AnchorCache;

  protected constructor(
    readonly params: NetworkParams,
    readonly index: HeaderIndex,
  ) {
    this.anchors = new AnchorCache(params);
  }

  get tip(): IndexEntry {
    return this.active[this.active.length - 1] as IndexEntry;
  }

  get height(): number {
    return this.active.length - 1;
  }

  /** The active chain's entry at height (0 is genesis); a RangeError outside 0..height. */
  entryAt(height: number): IndexEntry {
    const entry = this.active[height];
    if (!entry) throw new RangeError(`no block at height ${height} of the best chain`);
    return entry;
  }

  /** The active chain's block hash at height, or null outside 0..height. */
  hashAt(height: number): string | null {
    return this.active[height]?.hashHex ?? null;
  }

  /** Any indexed entry, on the active chain or not, by its hash. */
  entry(hashHex: string): IndexEntry | null {
    return this.index.get(hashHex) ?? null;
  }

  /** The active chain from height `from` up to the tip (a copy). */
  activeFrom(from = 0): IndexEntry[] {
    return this.active.slice(from);
  }

  account(keyHex: string): Account | null {
    return this.accounts.get(keyHex) ?? null;
  }

  isActive(entry: IndexEntry): boolean {
    return this.active[entry.height] === entry;
  }

  /** A block locator from entry (default: the tip). */
  locator(from: IndexEntry = this.tip): Uint8Array[] {
    return buildLocator(from, (e, h) => (this.isActive(from) ? (this.active[h] ?? null) : this.index.ancestor(e, h)));
  }

  /** Where a peer's locator meets our active chain. */
  findFork(locator: Uint8Array[]): IndexEntry {
    return findForkInActive(locator, this.active, (h) => this.index.get(h));
  }

  /** The difficulty anchor for parent's children (consensus/difficulty.ts). */
  anchorOf(parent: IndexEntry): DifficultyAnchor | null {
    return this.anchors.of(parent);
  }

  /** The bits a child of parent must carry. */
  bitsAfter(parent: IndexEntry): number {
    return nextBits(this.params, { height: parent.height, time: parent.header.time, anchor: this.anchors.of(parent) });
  }

  /** What a block template needs to know of the block it builds on. */
  templateParent(entry: IndexEntry = this.tip): TemplateInput['parent'] {
    return { hash: entry.hash, height: entry.height, time: entry.header.time, medianTimePast: this.index.medianTimePast(entry), anchor: this.anchors.of(entry) };
  }
}
