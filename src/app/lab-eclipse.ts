// The lab's scenario 5, the eclipse attempt: this tab's attack (lab/eclipse-attempt.ts) on a peer
// it picks, and the watch over this tab's own defences (lab/eclipse-watch.ts), with the
// simulator's counterfactual beside them (sim/eclipse-sweep.ts wrote it).
import type { BrowserNode } from '../node/browser';
import { realTimers } from '../node/runtime';
import { EclipseAttempt, MAX_ECLIPSE_IDENTITIES, type EclipseRun } from '../lab/eclipse-attempt';
import { EclipseWatch, type EclipseCounterfactualPoint } from '../lab/eclipse-watch';
import counterfactual from '../lab/eclipse-counterfactual.json';
import { t } from './i18n/i18n';
import { EclipseState } from './lab-eclipse-state.svelte';

type NetworkConditions = NonNullable<BrowserNode['conditions']>;

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
export const DEFAULT_ECLIPSE_IDENTITIES = 12;

export class EclipseActions {
  readonly state = new EclipseState();
  readonly maxIdentities = MAX_ECLIPSE_IDENTITIES;
  /** The simulator's figures: fraction of victims eclipsed with the defences on and off. */
  readonly counterfactual: { seed: number; honestPeers: number; durationS: number; points: EclipseCounterfactualPoint[] } = counterfactual;
  private readonly attempt: EclipseAttempt;
  private readonly watch: EclipseWatch;

  constructor(
    private readonly browserNode: BrowserNode,
    conditions: NetworkConditions,
  ) {
    const { node, params, store } = browserNode;
    this.attempt = new EclipseAttempt(params, { node, openTransport: async () => conditions.wrap(await browserNode.openTransport()), timers: realTimers, random }, (run) => this.show(run));
    this.watch = new EclipseWatch(params, node, async () => ((await store.getMeta<string[]>('anchors')) ?? []).filter((id) => typeof id === 'string'));
  }

  /** Peers this tab could attack: its ready peers with a verified key that are not the attack itself. */
  targets(): Array<{ id: string; nodeKey: string }> {
    return this.browserNode.node.peerList().filter((p) => p.state === 'ready' && p.nodeKey !== '' && !this.watch.isAttacker(p.id));
  }

  /** Starts the attempt on the peer with this node key. Returns the error to show beside the field, or ''. */
  async start(victimKey: string, countText: string): Promise<string> {
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > MAX_ECLIPSE_IDENTITIES) return t('lab.eclipse.countError', { max: MAX_ECLIPSE_IDENTITIES });
    const victim = this.targets().find((p) => p.nodeKey === victimKey);
    if (!victim) return t('lab.eclipse.noVictim');
    this.state.starting = true;
    try {
      await this.attempt.start(victim, count);
      return '';
    } finally {
      this.state.starting = false;
    }
  }

  stop(): void {
    this.attempt.stop();
  }

  /** Reads this node's defence figures again (the view does so every few seconds). */
  async refresh(): Promise<void> {
    this.state.figures = await this.watch.figures();
  }

  private show(run: EclipseRun): void {
    const ids = run.identities;
    this.state.run = {
      victimKey: run.victimKey,
      identities: ids.length,
      inbound: ids.filter((i) => i.inbound).length,
      outbound: ids.filter((i) => i.outbound).length,
      dropped: ids.reduce((n, i) => n + i.dropped, 0),
      addrIdsSent: ids.reduce((n, i) => n + i.addrIdsSent, 0),
      running: run.running,
    };
  }
}
