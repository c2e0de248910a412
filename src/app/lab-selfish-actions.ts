// Scenario 4 of the lab, selfish mining, for the view: drives the attacker's tool
// (lab/selfish-mining.ts) with this tab's mining workers (the lab's way to set this tab's hash
// share), narrates each SM1 move, and puts the run beside Eyal–Sirer's curve and the simulator's
// sweep (sim/selfish-sweep.ts wrote src/lab/selfish-sweep.json).
import type { BrowserNode } from '../node/browser';
import type { LessonMiner } from '../node/lesson-miner';
import { nowSeconds } from '../node/browser';
import { fromHex } from '../core/encoding/bytes';
import { SelfishMining, type SelfishRun } from '../lab/selfish-mining';
import { selfishRevenue, selfishThreshold, type SelfishSweepPoint } from '../lab/selfish-miner';
import sweep from '../lab/selfish-sweep.json';
import { describeError } from './i18n/errors';
import { t } from './i18n/i18n';
import { unlockedWallet } from './lab-payees';
import { sayTo, SelfishState } from './lab-attacks-state.svelte';

/** The tie share on a SimpleCoin network: an honest node keeps the block it saw first (selfish-mining.ts). */
export const LAB_GAMMA = 0;

/** What a run measured: the attacker's hash share (its blocks among all found), its main-chain share, and theory at that hash share. */
export function selfishFigures(run: SelfishRun): { alpha: number | null; share: number | null; theory: number | null } {
  const found = run.foundMine + run.foundHonest;
  const alpha = found > 0 ? run.foundMine / found : null;
  // Eyal–Sirer's closed form is for a minority (α < 1/2): a majority's branch wins whatever it does.
  const theory = alpha === null || alpha >= 0.5 ? null : Math.max(0, selfishRevenue(alpha, LAB_GAMMA));
  return { alpha, share: run.mainTotal > 0 ? run.mainMine / run.mainTotal : null, theory };
}

export class SelfishActions {
  readonly state = new SelfishState();
  /** Workers this tab may mine with: its cores. */
  readonly maxWorkers = Math.max(1, globalThis.navigator?.hardwareConcurrency || 2);
  readonly sweep: { seed: number; points: SelfishSweepPoint[] } = sweep;
  readonly threshold = selfishThreshold(LAB_GAMMA);
  private tool: SelfishMining | null = null;
  private miner: LessonMiner | null = null;
  private lastRate = 0;

  constructor(private readonly browserNode: BrowserNode) {}

  /** Starts a run with this many workers; returns the error to show beside the field, or ''. */
  async start(workersText: string): Promise<string> {
    const workers = Number(workersText);
    if (!Number.isInteger(workers) || workers < 1 || workers > this.maxWorkers) return t('lab.selfish.workersError', { max: this.maxWorkers });
    if (this.tool?.current?.running) return '';
    const wallet = await unlockedWallet(this.browserNode);
    if (typeof wallet === 'string') return wallet;
    this.state.busy = true;
    this.state.log = [];
    try {
      const miner = await import('../node/lesson-miner').then((m) => m.LessonMiner.create(workers));
      this.miner?.terminate();
      this.miner = miner;
      const tool = new SelfishMining(this.browserNode.params, {
        node: this.browserNode.node,
        now: nowSeconds,
        recipient: fromHex(wallet.keyHex),
        stopSearch: () => miner.stop(),
        search: async (header, target) => {
          const found = await miner.search(header, target, (p) => this.rate(p.hashesPerSec));
          // A block found before the workers' first report: the rate is what this search did.
          return { nonce: found.nonce, hashesPerSec: found.hashesPerSec || (found.ms > 0 ? (found.hashes * 1000) / found.ms : 0) };
        },
      });
      this.tool = tool;
      tool.events.on('change', (run) => {
        // The first report is the run set up: the copied chain's height is known from then on.
        if (this.state.log.length === 0) sayTo(this.state, { key: 'lab.selfish.log.started', params: { height: run.startHeight, count: workers } });
        this.state.run = { ...run, hashesPerSec: run.hashesPerSec || this.lastRate };
      });
      tool.events.on('move', ({ move, published, sent }) => this.narrate(move, published, sent));
      tool.events.on('failed', (error) => sayTo(this.state, { key: 'lab.selfish.log.failed', params: { error: describeError(error) } }));
      this.state.run = null;
      this.lastRate = 0;
      const running = tool.start();
      this.state.busy = false;
      await running;
      return '';
    } catch (error) {
      return describeError(error);
    } finally {
      this.state.busy = false;
    }
  }

  /** Stops mining; a branch still ahead is released. */
  async stop(): Promise<void> {
    const tool = this.tool;
    if (!tool?.current?.running) return;
    this.state.busy = true;
    try {
      await tool.stop();
      const run = tool.current;
      if (run) sayTo(this.state, { key: 'lab.selfish.log.stopped', params: { mine: run.mainMine, count: run.mainTotal, height: run.startHeight } });
    } finally {
      this.miner?.terminate();
      this.miner = null;
      this.state.busy = false;
    }
  }

  private rate(hashesPerSec: number): void {
    if (hashesPerSec > 0) this.lastRate = hashesPerSec;
    const run = this.state.run;
    if (run && hashesPerSec > 0) this.state.run = { ...run, hashesPerSec };
  }

  private narrate(move: SelfishRun['lastMove'], published: number, sent: number): void {
    const run = this.tool?.current;
    if (!run || !move) return;
    const tip = this.browserNode.node.chain.tip.height;
    if (move === 'withhold') sayTo(this.state, { key: 'lab.selfish.log.withheld', params: { count: run.withheld, lead: run.lead } });
    else if (move === 'race') sayTo(this.state, { key: 'lab.selfish.log.race', params: { height: tip } });
    else if (move === 'match') sayTo(this.state, { key: 'lab.selfish.log.match', params: { count: published, lead: run.lead } });
    else if (move === 'win' && sent > 0) sayTo(this.state, { key: 'lab.selfish.log.win', params: { count: sent, height: tip } });
    else if (move === 'adopt') sayTo(this.state, { key: 'lab.selfish.log.adopt', params: { height: tip } });
  }
}
