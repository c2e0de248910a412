// Replays a lab session file in this tab (issue 18, "Reproducible sessions"). The file's blocks go,
// in the order the recording tab received them, to a fresh SimpleCoinNode of the lab's network on
// in-memory storage: the same node code as every tab's, so each block is checked by every rule,
// and one a file forged or edited is refused by rule, whatever the file's event log claims. The
// timeline is then the event log; at each point the chain shown is the verified blocks the log
// had seen by then, with the node's own choice of tip (most work, first seen on a tie).
import { utils as secpUtils } from '@noble/secp256k1';
import { fromHex, toHex } from '../core/encoding/bytes';
import { decodeHeader, headerHash, type BlockHeader } from '../core/primitives/header';
import { HEADER_BYTES } from '../core/protocol/consensus';
import { MemoryChainStore } from '../core/chain/store';
import type { IndexEntry } from '../core/chain/header-index';
import { VerifyError } from '../core/protocol/verify-error';
import { MemoryNetwork, memorySignaling } from '../net/memory-transport';
import type { ForkNode } from '../node/explorer';
import { SimpleCoinNode } from '../node/node';
import { cryptoRandom, realTimers } from '../node/runtime';
import { sessionNetwork, type LabSession, type SessionEvent } from './session-file';

/** What the replaying node made of one block of the file. */
export interface BlockVerdict {
  /** Its place in the file. */
  index: number;
  /** Its header hash ('' if the bytes do not even hold a header). */
  hash: string;
  /** accepted: stored on a valid branch; refused: broke `rule`; orphan: its parent is not in the file; ignored: a duplicate or a branch without the work to be stored. */
  result: 'accepted' | 'refused' | 'orphan' | 'ignored';
  rule: string | null;
}

export interface ReplayFrame {
  /** Events applied: 0 is before the first, events.length after the last. */
  position: number;
  tip: { hash: string; height: number };
  /** The fork tree of the last TREE_DEPTH heights (the ForkTree view's shape). */
  tree: ForkNode[];
  /** The event just applied (null at position 0). */
  event: SessionEvent | null;
  /** For a block or reorg event: whether the node verified the block it names (null: nothing to verify). */
  verified: boolean | null;
}

export const TREE_DEPTH = 20;

// Not a LabTool itself: it acts on no network but its own in-memory one, and load() refuses a
// file whose network is not a lab (sessionNetwork).
export class SessionReplay {
  private readonly seenAt = new Map<string, number>();
  private readonly accepted = new Map<string, IndexEntry>();

  private constructor(
    readonly session: LabSession,
    readonly node: SimpleCoinNode,
    readonly verdicts: BlockVerdict[],
  ) {
    for (const e of node.chain.index.all()) if (e.height > 0 && holdsWhole(e)) this.accepted.set(e.hashHex, e);
    session.events.forEach((e, i) => {
      if (e.kind === 'block' && !this.seenAt.has(e.hash)) this.seenAt.set(e.hash, i);
    });
  }

  /** Checks every block of the file on a fresh node of the file's lab; throws SessionFileError if the lab is not one. */
  static async load(session: LabSession, nowSeconds: () => number = () => Date.now() / 1000): Promise<SessionReplay> {
    const params = sessionNetwork(session);
    const medium = new MemoryNetwork();
    const node = await SimpleCoinNode.open({
      params,
      chooseSignaling: memorySignaling,
      now: nowSeconds,
      store: new MemoryChainStore(),
      timers: realTimers,
      random: cryptoRandom,
      nodeSecret: secpUtils.randomSecretKey(),
      software: 'SimpleCoin/lab-replay',
      openTransport: async () => medium.createTransport('lab-replay'),
    });
    // Headers first, as a peer's sync offers them (each once its parent is known; the recording
    // tab may have got a branch's blocks out of order): then a branch that overtook the recording
    // tab's chain later is stored when its first block arrives, as it was there.
    let pending = session.blocks.map((hex) => headerOf(fromHex(hex))).filter((h) => h !== null);
    for (let progress = true; progress; ) {
      const before = pending.length;
      const later: BlockHeader[] = [];
      for (const header of pending) {
        if (node.chain.index.get(toHex(header.prevHash))) await node.chain.acceptHeaders([header]);
        else later.push(header);
      }
      pending = later;
      progress = pending.length > 0 && pending.length < before;
    }
    const verdicts: BlockVerdict[] = [];
    for (const [index, hex] of session.blocks.entries()) verdicts.push(await submit(node, index, hex));
    // Accepted means on a branch the node holds whole, back to the genesis: an orphan whose
    // parent came later in the file was connected with it, and a block stored above a gap is not.
    for (const v of verdicts) {
      if (v.result !== 'orphan' && v.result !== 'accepted') continue;
      const entry = node.chain.index.get(v.hash);
      v.result = entry && holdsWhole(entry) ? 'accepted' : 'orphan';
    }
    return new SessionReplay(session, node, verdicts);
  }

  get length(): number {
    return this.session.events.length;
  }

  /** The verified tip after all events: the chain the file really holds. */
  get tip(): { hash: string; height: number } {
    return this.frame(this.length).tip;
  }

  frame(position: number): ReplayFrame {
    const p = Math.max(0, Math.min(this.length, Math.round(position)));
    const visible = new Map<string, boolean>();
    const isVisible = (e: IndexEntry): boolean => {
      const known = visible.get(e.hashHex);
      if (known !== undefined) return known;
      const seen = this.seenAt.get(e.hashHex);
      const own = e.height === 0 || (this.accepted.has(e.hashHex) && (seen === undefined || seen < p));
      const result = own && (e.parent === null || isVisible(e.parent));
      visible.set(e.hashHex, result);
      return result;
    };
    let tip = this.node.chain.entryAt(0);
    const shown: IndexEntry[] = [tip];
    for (const e of this.accepted.values()) {
      if (!isVisible(e)) continue;
      shown.push(e);
      if (e.work > tip.work || (e.work === tip.work && e.seq < tip.seq)) tip = e;
    }
    const active = new Set<string>();
    for (let e: IndexEntry | null = tip; e; e = e.parent) active.add(e.hashHex);
    const minHeight = Math.max(0, tip.height - TREE_DEPTH);
    const tree = shown
      .filter((e) => e.height >= minHeight)
      .sort((a, b) => a.height - b.height || a.seq - b.seq)
      .map((e) => ({ hash: e.hashHex, parent: e.parent?.hashHex ?? null, height: e.height, work: e.work, active: active.has(e.hashHex), invalid: false }));
    const event = p > 0 ? (this.session.events[p - 1] ?? null) : null;
    const named = event?.kind === 'block' ? event.hash : event?.kind === 'reorg' ? event.tip : null;
    return { position: p, tip: { hash: tip.hashHex, height: tip.height }, tree, event, verified: named === null ? null : this.accepted.has(named) };
  }

  stop(): void {
    this.node.stop();
  }
}

/** The entry and every ancestor are valid blocks the node holds. */
function holdsWhole(entry: IndexEntry): boolean {
  for (let e: IndexEntry | null = entry; e; e = e.parent) if (!e.hasData || e.invalid) return false;
  return true;
}

/** The header of a block's bytes, or null if they do not even hold one (the node refuses those by rule bad-encoding). */
function headerOf(bytes: Uint8Array): BlockHeader | null {
  try {
    return bytes.length >= HEADER_BYTES ? decodeHeader(bytes.subarray(0, HEADER_BYTES)) : null;
  } catch {
    return null;
  }
}

async function submit(node: SimpleCoinNode, index: number, hex: string): Promise<BlockVerdict> {
  const bytes = fromHex(hex);
  const header = headerOf(bytes);
  const hash = header ? toHex(headerHash(header)) : '';
  try {
    const result = await node.submitBlock(bytes);
    return { index, hash, result: result === 'orphan' ? 'orphan' : result === 'connected' || result === 'stored' ? 'accepted' : 'ignored', rule: null };
  } catch (error) {
    return { index, hash, result: 'refused', rule: error instanceof VerifyError ? error.code : 'bad-encoding' };
  }
}

