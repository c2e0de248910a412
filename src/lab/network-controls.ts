// The lab's network controls (issue 18): "isolate me", added latency, packet loss, and splitting
// the class into two halves until they rejoin. Conditions apply in this node's transport layer
// (net/conditions.ts); each change is announced with a `lab` message, so every member sees who
// did what, and a split is applied by every member that hears of it.
//
// A split: each node key's side is the top bit of SHA-256(seed ‖ key), the same on every member.
// The one who splits picks a seed that halves the members it knows. Each member then refuses its
// links to the other side (transport ids it learned from its peers' handshakes) and the pool
// refuses sessions with keys of the other side. The halves cannot talk while split, so it has a
// duration and every member rejoins when it ends; "rejoin" ends it early for those who hear it.
import { sha256 } from '@noble/hashes/sha2.js';
import { Emitter } from '../core/util/emitter';
import { fromHex, toHex } from '../core/encoding/bytes';
import type { NetworkParams } from '../core/protocol/networks';
import type { Timers } from '../core/util/timers';
import type { LabControl } from '../core/p2p/lab-control';
import type { NetworkConditions } from '../net/conditions';
import { LabTool } from './lab-tool';

/** What the controls need of the node (SimpleCoinNode gives it, see labNodeOf). */
export interface LabNode {
  readonly nodeKeyHex: string;
  /** Connected peers: transport id and verified node key. */
  peers(): Array<{ id: string; nodeKey: string }>;
  /** The pool's partition: sessions with keys it refuses are closed and not kept. */
  setPartition(allowed: ((nodeKeyHex: string) => boolean) | null): void;
  onPeers(listener: () => void): () => void;
}

/** A member's conditions as it announced them, and when. */
export interface MemberConditions {
  key: string;
  isolated: boolean;
  latencyMs: number;
  loss: number;
  at: number;
}

export interface SplitState {
  seed: number;
  /** The side of this node (0 or 1), and when the split ends (timers' clock, ms). */
  mySide: number;
  endsAt: number;
  by: string;
  /** Links across it are refused (after SPLIT_GRACE_MS, once the message has spread). */
  inForce: boolean;
}

export interface LabControlsEvents extends Record<string, unknown> {
  change: { members: MemberConditions[]; split: SplitState | null };
}

/** A split (or isolation) waits this long before links close, so its message can reach everyone first. */
export const SPLIT_GRACE_MS = 1_500;
export const DEFAULT_SPLIT_S = 60;

export const splitSide = (seed: number, keyHex: string): number => {
  const input = new Uint8Array(4 + 32);
  new DataView(input.buffer).setUint32(0, seed, true);
  input.set(fromHex(keyHex), 4);
  return (sha256(input)[0] as number) >> 7;
};

/** A seed whose sides halve these keys as evenly as can be (the first of 64 tries that does). */
export function balancedSeed(keys: string[], start: number): number {
  let best = start >>> 0;
  let bestGap = Infinity;
  for (let i = 0; i < 64 && bestGap > keys.length % 2; i++) {
    const seed = (start + i) >>> 0;
    const ones = keys.filter((k) => splitSide(seed, k) === 1).length;
    const gap = Math.abs(keys.length - 2 * ones);
    if (gap < bestGap) [best, bestGap] = [seed, gap];
  }
  return best;
}

export class LabNetworkControls extends LabTool {
  readonly events = new Emitter<LabControlsEvents>();
  private readonly members = new Map<string, MemberConditions>();
  private split: SplitState | null = null;
  private splitTimers: unknown[] = [];

  constructor(
    params: NetworkParams,
    private readonly node: LabNode,
    private readonly conditions: NetworkConditions,
    private readonly timers: Timers,
    private readonly random: (n: number) => Uint8Array,
  ) {
    super(params, 'Network controls');
    conditions.events.on('control', ({ control }) => this.apply(control));
    node.onPeers(() => this.enforceSplit());
  }

  get splitState(): SplitState | null {
    return this.split;
  }

  memberList(): MemberConditions[] {
    return [...this.members.values()];
  }

  /** Cuts every link of this node (and says so first, while it still can). */
  isolateMe(isolated: boolean): void {
    this.announceConditions({ isolated });
  }

  setLatency(latencyMs: number): void {
    this.announceConditions({ latencyMs });
  }

  setLoss(loss: number): void {
    this.announceConditions({ loss });
  }

  /** Splits the class in two for splitS seconds. */
  splitClass(splitS = DEFAULT_SPLIT_S): void {
    const keys = [this.node.nodeKeyHex, ...this.node.peers().map((p) => p.nodeKey)];
    const start = new DataView(this.random(4).buffer).getUint32(0, true);
    this.send({ kind: 'split', splitSeed: balancedSeed([...new Set(keys)], start), splitS });
  }

  rejoin(): void {
    this.send({ kind: 'rejoin' });
  }

  private announceConditions(change: Partial<{ isolated: boolean; latencyMs: number; loss: number }>): void {
    const next = { ...this.conditions.current, ...change };
    const control = { kind: 'conditions' as const, isolated: next.isolated, latencyMs: Math.round(next.latencyMs), lossPermille: Math.round(next.loss * 1000) };
    // Announce before isolating, and give it time to leave (behind the added latency and any
    // retransmissions): afterwards there is nobody to tell.
    if (next.isolated && !this.conditions.current.isolated) {
      this.send(control);
      this.timers.setTimeout(() => this.conditions.set(next), SPLIT_GRACE_MS + next.latencyMs);
    } else {
      this.conditions.set(next);
      this.send(control);
    }
  }

  private send(fields: Partial<LabControl> & Pick<LabControl, 'kind'>): void {
    this.conditions.broadcast({ id: this.random(16), origin: fromHex(this.node.nodeKeyHex), isolated: false, latencyMs: 0, lossPermille: 0, splitSeed: 0, splitS: 0, subject: new Uint8Array(32), rule: '', ...fields });
  }

  private apply(c: LabControl): void {
    const by = toHex(c.origin);
    if (c.kind === 'conditions') {
      this.members.set(by, { key: by, isolated: c.isolated, latencyMs: c.latencyMs, loss: c.lossPermille / 1000, at: this.timers.now() });
    } else if (c.kind === 'split') {
      this.endSplit();
      const split: SplitState = { seed: c.splitSeed, mySide: splitSide(c.splitSeed, this.node.nodeKeyHex), endsAt: this.timers.now() + c.splitS * 1000, by, inForce: false };
      this.split = split;
      this.splitTimers = [
        this.timers.setTimeout(() => {
          split.inForce = true;
          this.enforceSplit();
        }, SPLIT_GRACE_MS),
        this.timers.setTimeout(() => this.split === split && this.endSplit(), c.splitS * 1000),
      ];
    } else if (c.kind === 'rejoin') {
      this.endSplit();
    } else {
      return; // a verdict: lab/verdicts.ts
    }
    this.events.emit('change', { members: this.memberList(), split: this.split });
  }

  /** Applies the split to the pool and the transport (again as peers come and go). */
  private enforceSplit(): void {
    const split = this.split;
    if (!split || !split.inForce) return;
    const same = (key: string) => splitSide(split.seed, key) === split.mySide;
    this.node.setPartition(same);
    this.conditions.refuse(this.node.peers().filter((p) => !same(p.nodeKey)).map((p) => p.id));
  }

  private endSplit(): void {
    for (const t of this.splitTimers) this.timers.clearTimeout(t);
    this.splitTimers = [];
    if (!this.split) return;
    this.split = null;
    this.node.setPartition(null);
    this.conditions.allowAll();
    this.events.emit('change', { members: this.memberList(), split: null });
  }
}
