// The attack lab's actions (issue 18): the network controls, the verdicts and scenario 3, built
// on this tab's node only when it is on a lab network (BrowserNode.conditions is set there).
import type { BrowserNode } from '../node/browser';
import { realTimers } from '../node/runtime';
import { toHex } from '../core/encoding/bytes';
import { MAX_LAB_LATENCY_MS, MAX_LAB_LOSS_PERMILLE } from '../core/p2p/lab-control';
import { LabNetworkControls, DEFAULT_SPLIT_S } from '../lab/network-controls';
import { labNodeOf } from '../lab/lab-node';
import { LabVerdicts } from '../lab/verdicts';
import { TamperedHistoryAttack, TAMPER_EXTRA, type TamperRun } from '../lab/tampered-history';
import { COIN } from '../core/protocol/consensus';
import { t, type Params } from './i18n/i18n';
import type { LabLogLine, LabState } from './lab-state.svelte';
import { RaceActions } from './lab-race-actions';
import { RewriteActions } from './lab-rewrite-actions';
import { RaceState, RewriteState } from './lab-attacks-state.svelte';
import { EclipseActions } from './lab-eclipse';
import { SelfishActions } from './lab-selfish-actions';

type NetworkConditions = NonNullable<BrowserNode['conditions']>;

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export class LabActions {
  private readonly controls: LabNetworkControls;
  private readonly verdicts: LabVerdicts;
  private readonly attack: TamperedHistoryAttack;
  /** How long "split the class" lasts (s), and how much more the tampered coinbase pays (coins): the view says both. */
  readonly splitSeconds = DEFAULT_SPLIT_S;
  readonly tamperExtraCoins = Number(TAMPER_EXTRA / COIN);
  /** Scenarios 1 (double spend by race) and 2 (history rewrite): src/ui/lab/LabDoubleSpend.svelte, LabRewrite.svelte. */
  readonly race: RaceActions;
  readonly rewrite: RewriteActions;
  /** Scenario 4 (src/app/lab-selfish-actions.ts). */
  readonly selfish: SelfishActions;
  /** Scenario 5 (src/app/lab-eclipse.ts). */
  readonly eclipse: EclipseActions;

  constructor(
    private readonly browserNode: BrowserNode,
    conditions: NetworkConditions,
    private readonly state: LabState,
    /** A member's display name from its node key ("you" for this tab). */
    private readonly name: (keyHex: string) => string,
  ) {
    const { node, params } = browserNode;
    this.controls = new LabNetworkControls(params, labNodeOf(node), conditions, realTimers, random);
    this.verdicts = new LabVerdicts(params, node, conditions, random);
    this.eclipse = new EclipseActions(browserNode, conditions);
    this.selfish = new SelfishActions(browserNode);
    this.attack = new TamperedHistoryAttack(params, { node, openTransport: async () => conditions.wrap(await browserNode.openTransport()), timers: realTimers, random });
    this.race = new RaceActions(browserNode, this.verdicts, new RaceState(), name);
    this.rewrite = new RewriteActions(browserNode, (on) => this.controls.isolateMe(on), new RewriteState(), name);
    state.available = true;
    state.myKey = node.nodeKeyHex;
    conditions.events.on('change', (c) => {
      state.isolated = c.isolated;
      state.latencyMs = c.latencyMs;
      state.lossPercent = Math.round(c.loss * 100);
    });
    conditions.events.on('control', ({ control, fromLinkId }) => {
      // This tab's own control ("You …") and another member's ("{name} …") are different sentences in every language.
      const mine = fromLinkId === null;
      const params: Params = mine ? {} : { name: this.name(toHex(control.origin)) };
      if (control.kind === 'conditions') {
        if (control.isolated) this.say({ key: mine ? 'lab.log.isolatedMine' : 'lab.log.isolated', params });
        else this.say({ key: mine ? 'lab.log.conditionsMine' : 'lab.log.conditions', params: { ...params, latency: control.latencyMs, loss: control.lossPermille / 10 } });
      } else if (control.kind === 'split') {
        this.say({ key: mine ? 'lab.log.splitMine' : 'lab.log.split', params: { ...params, seconds: control.splitS } });
      } else if (control.kind === 'rejoin') {
        this.say({ key: mine ? 'lab.log.rejoinMine' : 'lab.log.rejoin', params });
      }
    });
    this.controls.events.on('change', ({ members, split }) => {
      state.members = members.map((m) => ({ key: m.key, isolated: m.isolated, latencyMs: m.latencyMs, lossPercent: Math.round(m.loss * 100) }));
      state.split = split && { mySide: split.mySide, endsAt: split.endsAt, by: split.by };
    });
    this.verdicts.events.on('verdict', ({ subject, verdict }) => {
      const t = state.tamper;
      if (!t || t.tamperedHash !== subject) return;
      const target = t.targets.find((x) => x.key === verdict.by);
      if (target) target.rule = verdict.rule;
      // The rule id is the peer's word: the view explains it only if it is one of ours (explainRule).
      this.say({ key: 'lab.log.refused', params: { name: this.name(verdict.by), rule: verdict.rule }, rule: verdict.rule });
    });
  }

  isolate(isolated: boolean): void {
    this.controls.isolateMe(isolated);
  }

  /** Returns the error to show beside the field, or ''. */
  setLatency(text: string): string {
    const ms = Number(text);
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LAB_LATENCY_MS) return t('lab.latencyError', { max: MAX_LAB_LATENCY_MS });
    this.controls.setLatency(ms);
    return '';
  }

  setLoss(text: string): string {
    const percent = Number(text);
    if (!Number.isFinite(percent) || percent < 0 || percent * 10 > MAX_LAB_LOSS_PERMILLE) return t('lab.lossError', { max: MAX_LAB_LOSS_PERMILLE / 10 });
    this.controls.setLoss(percent / 100);
    return '';
  }

  split(): void {
    this.controls.splitClass(DEFAULT_SPLIT_S);
  }

  rejoin(): void {
    this.controls.rejoin();
  }

  /** Scenario 3. Returns the error to show beside the height field, or ''. */
  async tamperHistory(heightText: string): Promise<string> {
    const height = Number(heightText);
    const tip = this.browserNode.node.chain.height;
    if (tip < 1) return t('lab.noOldBlock', { mine: t('nav.mine') });
    if (!Number.isInteger(height) || height < 1 || height > tip) return t('lab.pickBlock', { tip });
    if (this.browserNode.node.peerList().every((p) => p.state !== 'ready')) return t('lab.noPeers');
    this.state.tamperRunning = true;
    this.say({ key: 'lab.log.edited', params: { height, coins: this.tamperExtraCoins } });
    try {
      const show = (run: TamperRun, done: boolean) => {
        const before = this.state.tamper;
        this.state.tamper = {
          height: run.height,
          originalHash: run.originalHash,
          tamperedHash: run.tamperedHash,
          done,
          targets: run.targets.map((t) => ({
            key: t.nodeKey,
            sent: t.sent,
            rule: this.verdicts.of(run.tamperedHash).find((v) => v.by === t.nodeKey)?.rule ?? before?.targets.find((b) => b.key === t.nodeKey)?.rule ?? null,
            shunnedAfterMs: t.closed && t.sent ? t.closedAfterMs : null,
          })),
        };
      };
      const run = await this.attack.run(height, (r) => show(r, false));
      show(run, true);
      const shunned = run.targets.filter((t) => t.closed && t.sent).length;
      this.say({ key: 'lab.log.shunned', params: { shunned, count: run.targets.length, height } });
      return '';
    } finally {
      this.state.tamperRunning = false;
    }
  }

  private linesSaid = 0;

  private say(line: Omit<LabLogLine, 'seq'>): void {
    this.state.log = [...this.state.log.slice(-49), { ...line, seq: ++this.linesSaid }];
  }
}
