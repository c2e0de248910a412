// Records a lab session while this tab is on a lab network (issue 18, "Reproducible sessions"):
// what the node already tells anyone who listens (blocks connected, reorganisations, transfers
// into its mempool, refusals by rule, its peers) and what the lab's members did to the network
// (their `lab` controls and verdicts), each with who did it. export() adds the chain's blocks
// and the lab's parameters, as a session file says them (session-file.ts).
import { toHex } from '../core/encoding/bytes';
import { encodeBlock } from '../core/primitives/block';
import type { NetworkParams } from '../core/protocol/networks';
import type { NetworkConditions } from '../net/conditions';
import type { SimpleCoinNode } from '../node/node';
import { LabTool } from './lab-tool';
import {
  MAX_NICKNAME_CHARS,
  MAX_SESSION_BLOCKS,
  MAX_SESSION_EVENTS,
  MAX_SESSION_MEMBERS,
  SessionFileError,
  sessionParamsOf,
  type LabSession,
  type SessionEvent,
} from './session-file';

export type RecordedNode = Pick<SimpleCoinNode, 'events' | 'chain' | 'mempool' | 'nodeKeyHex' | 'peerList'>;

type Omitted<E> = E extends unknown ? Omit<E, 'at'> : never;

/** A verdict's rule as a file may carry it (a peer's rule id is its word, and may be anything). */
const PLAIN_RULE = /^[a-z0-9-]{1,40}$/;

export class SessionRecorder extends LabTool {
  private log: SessionEvent[] = [];
  private dropped = false;
  private readonly members = new Map<string, string>();
  private lastPeers = -1;
  private readonly startedAt: number;
  private readonly offs: Array<() => void> = [];

  constructor(
    params: NetworkParams,
    private readonly node: RecordedNode,
    conditions: Pick<NetworkConditions, 'events'> | null,
    /** Wall clock, ms since 1970. */
    private readonly now: () => number,
  ) {
    super(params, 'Session recorder');
    this.startedAt = now();
    let disconnected = 0;
    const { chain, mempool, events } = node;
    this.offs.push(
      chain.events.on('connect', ({ entry, block }) => this.add({ kind: 'block', hash: entry.hashHex, height: entry.height, miner: toHex(block.txs[0]?.recipient ?? new Uint8Array(32)) })),
      chain.events.on('disconnect', () => disconnected++),
      events.on('tip', ({ hashHex, height }) => {
        if (disconnected > 0) this.add({ kind: 'reorg', depth: disconnected, tip: hashHex, height });
        disconnected = 0;
      }),
      mempool.events.on('added', ({ id, tx }) => this.add({ kind: 'transfer', id, sender: toHex(tx.sender), recipient: toHex(tx.recipient), amount: tx.amount, fee: tx.fee })),
      events.on('rejected', ({ kind, id, error }) => {
        if (/^[0-9a-f]{64}$/.test(id)) this.add({ kind: 'rejected', object: kind, id, rule: error.code });
      }),
      events.on('peers', ({ peers }) => {
        for (const p of peers) if (p.nodeKey) this.member(p.nodeKey, p.profile?.nickname ?? '');
        const count = peers.filter((p) => p.state === 'ready').length;
        if (count !== this.lastPeers) this.add({ kind: 'peers', count });
        this.lastPeers = count;
      }),
    );
    if (conditions) {
      this.offs.push(
        conditions.events.on('control', ({ control }) => {
          const by = toHex(control.origin);
          this.member(by, '');
          if (control.kind === 'verdict') {
            if (PLAIN_RULE.test(control.rule)) this.add({ kind: 'verdict', by, subject: toHex(control.subject), rule: control.rule });
            return;
          }
          const { isolated, latencyMs, lossPermille, splitS } = control;
          this.add({ kind: 'control', by, control: control.kind, isolated, latencyMs, lossPermille, splitS });
        }),
      );
    }
  }

  get events(): readonly SessionEvent[] {
    return this.log;
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /** The session so far: the lab, its members, every stored block in order of arrival, the log. */
  async export(): Promise<LabSession> {
    const { chain } = this.node;
    const entries = [...chain.index.all()].filter((e) => e.height > 0 && e.hasData && !e.invalid).sort((a, b) => a.seq - b.seq);
    if (entries.length > MAX_SESSION_BLOCKS) throw new SessionFileError('session-too-many-blocks', `more than ${MAX_SESSION_BLOCKS} blocks`, { field: 'blocks', max: MAX_SESSION_BLOCKS });
    const blocks: string[] = [];
    for (const entry of entries) blocks.push(toHex(encodeBlock(await chain.loadBlock(entry))));
    const me = this.node.nodeKeyHex;
    return {
      lab: this.params.name,
      params: sessionParamsOf(this.params),
      recordedBy: me,
      startedAt: Math.floor(this.startedAt),
      members: [...this.members].filter(([key]) => key !== me).map(([key, nickname]) => ({ key, nickname })),
      blocks,
      events: [...this.log],
      truncated: this.dropped,
    };
  }

  private member(key: string, nickname: string): void {
    if (!/^[0-9a-f]{64}$/.test(key)) return;
    const name = [...nickname].slice(0, MAX_NICKNAME_CHARS).join('');
    if (this.members.has(key)) {
      if (name) this.members.set(key, name);
      return;
    }
    if (this.members.size < MAX_SESSION_MEMBERS) this.members.set(key, name);
  }

  private add(event: Omitted<SessionEvent>): void {
    // Milliseconds since the start, never going back (a wall clock may step).
    const at = Math.min(7 * 24 * 3_600_000, Math.max(this.log.at(-1)?.at ?? 0, Math.round(this.now() - this.startedAt)));
    this.log.push({ ...event, at } as SessionEvent);
    if (this.log.length > MAX_SESSION_EVENTS) {
      this.log = this.log.slice(-MAX_SESSION_EVENTS);
      this.dropped = true;
    }
  }
}
