// Scenario 2 of the lab, the 51 % history rewrite, for the view: pays a peer in public with this
// tab's wallet, then drives the attacker's tool (lab/history-rewrite.ts): isolate, mine a private
// branch with every core of this machine (the lab's way to raise this tab's hash share), release.
// It narrates each step and keeps the fork as this tab's chain holds it for the view.
import type { BrowserNode } from '../node/browser';
import type { LessonMiner } from '../node/lesson-miner';
import { nowSeconds } from '../node/browser';
import { formatCoins } from '../core/wallet/amount';
import type { IndexEntry } from '../core/chain/header-index';
import { HistoryRewrite, type RewriteRun } from '../lab/history-rewrite';
import { describeError } from './i18n/errors';
import { t } from './i18n/i18n';
import { amountOf, payeeOf, unlockedWallet } from './lab-payees';
import { sayTo, type BranchView, type RewriteState } from './lab-attacks-state.svelte';

/** How long to wait for the isolation to close every link (it waits for its announcement first). */
const ISOLATION_WAIT_MS = 15_000;

export class RewriteActions {
  private readonly tool: HistoryRewrite;
  private miner: Promise<LessonMiner> | null = null;
  private last: RewriteRun | null = null;
  /** Workers the private branch is mined with: every core, so this tab outmines a classmate's default. */
  readonly workers = Math.max(1, globalThis.navigator?.hardwareConcurrency || 2);

  constructor(
    private readonly browserNode: BrowserNode,
    isolate: (isolated: boolean) => void,
    readonly state: RewriteState,
    private readonly name: (keyHex: string) => string,
  ) {
    this.tool = new HistoryRewrite(browserNode.params, {
      node: browserNode.node,
      isolate,
      now: nowSeconds,
      search: async (header, target) => (await this.lessonMiner()).search(header, target, (p) => this.rate(p.hashesPerSec)),
    });
    this.tool.events.on('change', (run) => this.show(run));
    browserNode.node.events.on('tip', () => this.showFork());
  }

  /** Step 1; returns the errors to show beside the victim and amount fields. */
  async pay(victimKey: string, amountText: string): Promise<{ victim: string; amount: string }> {
    const victim = payeeOf(this.browserNode, victimKey);
    if (!victim) return { victim: t('lab.attack.pickPayee'), amount: '' };
    const amount = amountOf(amountText);
    if (typeof amount === 'string') return { victim: '', amount };
    const wallet = await unlockedWallet(this.browserNode);
    if (typeof wallet === 'string') return { victim: '', amount: wallet };
    try {
      this.last = null;
      this.state.log = [];
      const run = this.tool.pay(wallet, victim, amount, wallet.suggestFee());
      sayTo(this.state, { key: 'lab.rewrite.log.paid', params: { name: this.name(victimKey), coins: formatCoins(amount), nonce: run.nonce } });
      return { victim: '', amount: '' };
    } catch (error) {
      return { victim: '', amount: describeError(error) };
    }
  }

  /** Step 2: isolate and mine until the branch is ahead (or one block more, once it is). */
  async mine(): Promise<void> {
    this.state.busy = true;
    try {
      await this.tool.mineBranch(0, () => this.isolated());
    } catch (error) {
      sayTo(this.state, { key: 'lab.rewrite.log.failed', params: { error: describeError(error) } });
    } finally {
      this.state.busy = false;
    }
  }

  /** Step 3. */
  release(): void {
    this.tool.release();
    sayTo(this.state, { key: 'lab.rewrite.log.released', params: {} });
  }

  private lessonMiner(): Promise<LessonMiner> {
    return (this.miner ??= import('../node/lesson-miner').then((m) => m.LessonMiner.create(this.workers)));
  }

  private rate(hashesPerSec: number): void {
    if (this.state.run && hashesPerSec > 0) this.state.run = { ...this.state.run, hashesPerSec };
  }

  private async isolated(): Promise<void> {
    const end = Date.now() + ISOLATION_WAIT_MS;
    while (Date.now() < end && this.browserNode.node.peerList().some((p) => p.state === 'ready')) await new Promise((r) => setTimeout(r, 200));
  }

  private show(run: RewriteRun): void {
    const before = this.last;
    this.last = run;
    this.state.run = run;
    const victim = this.name(run.victimKey);
    if (run.paidIn && !before?.paidIn) sayTo(this.state, { key: 'lab.rewrite.log.confirmed', params: { height: run.paidIn.height, name: victim } });
    if (run.forkHeight !== null && before?.forkHeight == null) sayTo(this.state, { key: 'lab.rewrite.log.isolated', params: { height: run.forkHeight } });
    if (run.branch.length > (before?.branch.length ?? 0)) {
      const ahead = run.branchWork > run.publicWork;
      sayTo(this.state, { key: ahead ? 'lab.rewrite.log.ahead' : 'lab.rewrite.log.mined', params: { height: run.branch.at(-1)?.height ?? 0, count: run.branch.length } });
    }
    if (run.undoneAt !== null && before?.undoneAt == null) sayTo(this.state, { key: 'lab.rewrite.log.undone', params: { count: run.undoneAt, name: victim } });
    if (run.released && run.rewritten && !(before?.released && before.rewritten)) sayTo(this.state, { key: 'lab.rewrite.log.spread', params: {} });
    this.showFork();
  }

  /** The two sides of the fork, from the block after the fork point, as this tab's chain holds them. */
  private showFork(): void {
    const run = this.state.run;
    const { chain } = this.browserNode.node;
    const paid = run?.paidIn && chain.index.get(run.paidIn.blockHash);
    if (!run || !paid) return;
    const side = (tip: IndexEntry | undefined, from: number): BranchView | null => {
      const blocks: BranchView['blocks'] = [];
      for (let e = tip ?? null; e && e.height >= from; e = e.parent) blocks.unshift({ height: e.height, hash: e.hashHex });
      return tip ? { blocks, active: chain.isActive(tip) } : null;
    };
    // The public side: the payment's block and the longest run of its descendants this tab knows.
    let top = paid;
    for (const e of chain.index.all()) if (e.height > top.height && chain.index.ancestor(e, paid.height) === paid && !run.branch.some((b) => b.blockHash === e.hashHex)) top = e;
    this.state.publicBranch = side(top, paid.height);
    const last = run.branch.at(-1);
    this.state.privateBranch = last ? side(chain.index.get(last.blockHash), paid.height) : null;
  }
}
