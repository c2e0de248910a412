// Scenario 1 of the lab, the double spend by race, for the view: starts the attacker's tool
// (lab/double-spend.ts) with this tab's wallet and narrates what it observes: which transfer
// each peer kept, which one a block confirms, and how many confirmations the merchant needed.
import type { BrowserNode } from '../node/browser';
import { formatCoins } from '../core/wallet/amount';
import { DoubleSpendRace, type RaceRun } from '../lab/double-spend';
import type { LabVerdicts } from '../lab/verdicts';
import { describeError } from './i18n/errors';
import { t } from './i18n/i18n';
import { amountOf, payeeOf, unlockedWallet } from './lab-payees';
import { sayTo, type RaceState } from './lab-attacks-state.svelte';

export class RaceActions {
  private readonly race: DoubleSpendRace;
  private last: RaceRun | null = null;

  constructor(
    private readonly browserNode: BrowserNode,
    verdicts: LabVerdicts,
    readonly state: RaceState,
    private readonly name: (keyHex: string) => string,
  ) {
    this.race = new DoubleSpendRace(browserNode.params, browserNode.node, verdicts);
    this.race.events.on('change', (run) => this.show(run));
  }

  /** Starts the race; returns the errors to show beside the merchant and amount fields. */
  async start(merchantKey: string, amountText: string): Promise<{ merchant: string; amount: string }> {
    const merchant = payeeOf(this.browserNode, merchantKey);
    if (!merchant) return { merchant: t('lab.attack.pickPayee'), amount: '' };
    const amount = amountOf(amountText);
    if (typeof amount === 'string') return { merchant: '', amount };
    const others = this.browserNode.node.peerList().filter((p) => p.state === 'ready' && p.nodeKey !== merchantKey);
    if (others.length === 0) return { merchant: t('lab.race.noBystanders'), amount: '' };
    const wallet = await unlockedWallet(this.browserNode);
    if (typeof wallet === 'string') return { merchant: '', amount: wallet };
    try {
      this.last = null;
      this.state.log = [];
      this.state.merchantKey = merchantKey;
      const run = this.race.start(wallet, merchant, amount, wallet.suggestFee());
      sayTo(this.state, { key: 'lab.race.log.sent', params: { merchant: this.name(merchantKey), coins: formatCoins(amount), nonce: run.nonce, count: run.peers.length - 1 } });
      return { merchant: '', amount: '' };
    } catch (error) {
      return { merchant: '', amount: describeError(error) };
    }
  }

  private show(run: RaceRun): void {
    const before = this.last;
    this.last = run;
    this.state.run = run;
    for (const p of run.peers) {
      const was = before?.peers.find((b) => b.nodeKey === p.nodeKey);
      if (p.kept && p.kept !== was?.kept) {
        sayTo(this.state, { key: p.kept === 'merchant' ? 'lab.race.log.keptMerchant' : 'lab.race.log.keptAttacker', params: { name: this.name(p.nodeKey), rule: p.rule ?? '' }, rule: p.rule ?? undefined });
      }
    }
    const c = run.confirmed;
    if (c && (before?.confirmed?.blockHash !== c.blockHash || before.confirmed.side !== c.side)) {
      const key = c.side === 'merchant' ? 'lab.race.log.confirmedMerchant' : 'lab.race.log.confirmedAttacker';
      sayTo(this.state, { key, params: { height: c.height, merchant: this.name(this.state.merchantKey) } });
    }
    if (run.reversals.length > (before?.reversals.length ?? 0)) {
      sayTo(this.state, { key: 'lab.race.log.undone', params: { count: run.reversals.at(-1) ?? 0 } });
    }
  }
}

