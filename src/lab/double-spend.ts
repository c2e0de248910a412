// Scenario 1 of the attack lab, the double spend by race (the "race attack" of Karame, Androulaki
// and Čapkun, "Double-spending fast payments in Bitcoin", CCS 2012). The attacker signs two real
// transfers with the same nonce: one pays the merchant, the other pays the same coins back to
// itself. At the same moment it sends the first to the merchant only and the second to every
// other peer, each as a `tx` message through the pool's own per-peer sessions. An honest node
// keeps the first of the two it hears and refuses the other (mempool-rbf-fee-too-low: same fee,
// no better fee rate), so the class splits over which one is "the" payment. A block settles it:
// whichever transfer it holds is paid, and the other becomes invalid everywhere (its nonce is
// spent). The merchant's mempool showed it paid either way; only a confirmation says so.
//
// What the attacker does differently from an honest node is all here: an honest node sends one
// transfer per nonce to every peer. How each peer decided is what it told the lab (lab/verdicts.ts).
import { Emitter } from '../core/util/emitter';
import { encodeTx } from '../core/primitives/tx';
import type { NetworkParams } from '../core/protocol/networks';
import type { SimpleCoinNode } from '../node/node';
import type { LabVerdicts } from './verdicts';
import { ConfirmationWatch, conflictingPair, txidHex, type LabPayer } from './confirmations';
import { LabTool } from './lab-tool';

export type RaceSide = 'merchant' | 'attacker';

export interface RacePeer {
  nodeKey: string;
  /** Which transfer the attacker sent it. */
  sent: RaceSide;
  /** Which one it kept in its mempool, once it said so by refusing the other; null until then. */
  kept: RaceSide | null;
  /** The rule it refused the other one by. */
  rule: string | null;
}

export interface RaceRun {
  nonce: number;
  amount: bigint;
  txids: Record<RaceSide, string>;
  peers: RacePeer[];
  /** The transfer a block of the active chain holds, and how deep. */
  confirmed: { side: RaceSide; height: number; blockHash: string; confirmations: number } | null;
  /** Confirmations the merchant's payment had each time a reorg took it out again. */
  reversals: number[];
  /** What the merchant had to wait for: one confirmation more than it was ever undone at. */
  neededConfirmations: number;
}

export interface Merchant {
  nodeKey: string;
  address: string;
}

export class DoubleSpendRace extends LabTool {
  readonly events = new Emitter<{ change: RaceRun }>();
  private run: RaceRun | null = null;
  private watch: ConfirmationWatch | null = null;
  private offVerdicts: (() => void) | null = null;

  constructor(
    params: NetworkParams,
    private readonly node: Pick<SimpleCoinNode, 'p2p' | 'chain'>,
    private readonly verdicts: Pick<LabVerdicts, 'events'>,
  ) {
    super(params, 'Double spend (race)');
  }

  get current(): RaceRun | null {
    return this.run && this.snapshot(this.run);
  }

  /** Signs the two transfers and sends them at once: the payment to the merchant, the refund to every other ready peer. */
  start(payer: LabPayer, merchant: Merchant, amount: bigint, fee: bigint): RaceRun {
    const sessions = this.node.p2p?.pool.ready() ?? [];
    if (!sessions.some((s) => s.nodeKeyHex === merchant.nodeKey)) throw new Error('the merchant is not one of our ready peers');
    if (sessions.every((s) => s.nodeKeyHex === merchant.nodeKey)) throw new Error('nobody but the merchant to send the conflicting transfer to');
    this.stop();
    const { pay, back, nonce } = conflictingPair(payer, merchant.address, amount, fee);
    const txs = { merchant: pay, attacker: back };
    const txids = { merchant: txidHex(pay), attacker: txidHex(back) };
    const run: RaceRun = { nonce, amount, txids, peers: [], confirmed: null, reversals: [], neededConfirmations: 1 };
    this.run = run;
    this.watch = new ConfirmationWatch(this.node.chain, new Set(Object.values(txids)), () => this.changed());
    this.offVerdicts = this.verdicts.events.on('verdict', ({ subject, verdict }) => {
      const refused = subject === txids.merchant ? 'merchant' : subject === txids.attacker ? 'attacker' : null;
      const peer = refused && run.peers.find((p) => p.nodeKey === verdict.by);
      if (!refused || !peer) return;
      peer.kept = refused === 'merchant' ? 'attacker' : 'merchant';
      peer.rule = verdict.rule;
      this.changed();
    });
    // "At the same moment": one loop, no waiting between the sends.
    for (const s of sessions) {
      const side: RaceSide = s.nodeKeyHex === merchant.nodeKey ? 'merchant' : 'attacker';
      if (run.peers.some((p) => p.nodeKey === s.nodeKeyHex)) continue; // two links to one peer: it hears one of them
      s.send({ type: 'tx', bytes: encodeTx(txs[side]) });
      run.peers.push({ nodeKey: s.nodeKeyHex, sent: side, kept: null, rule: null });
    }
    this.changed();
    return this.snapshot(run);
  }

  stop(): void {
    this.watch?.stop();
    this.offVerdicts?.();
    this.watch = null;
    this.offVerdicts = null;
  }

  private changed(): void {
    if (this.run) this.events.emit('change', this.snapshot(this.run));
  }

  private snapshot(run: RaceRun): RaceRun {
    const watch = this.watch;
    let confirmed: RaceRun['confirmed'] = null;
    for (const side of ['merchant', 'attacker'] as const) {
      const c = watch?.confirmation(run.txids[side]);
      if (c && watch) confirmed = { side, ...c, confirmations: watch.confirmations(run.txids[side]) };
    }
    const reversals = (watch?.reversals ?? []).filter((r) => r.txid === run.txids.merchant).map((r) => r.confirmations);
    return {
      ...run,
      peers: run.peers.map((p) => ({ ...p })),
      confirmed,
      reversals,
      neededConfirmations: watch ? watch.needed(run.txids.merchant) : run.neededConfirmations,
    };
  }
}
