// Selfish mining on real chains: an attacker with hash share α follows Eyal–Sirer's SM1
// (src/lab/selfish-miner.ts) against the honest miners, every block a real regtest block with real
// proof of work, accepted, connected and reorganised by the node's own Chain (src/core/chain).
//
// Three chains stand for the miners' views. Outside a race every honest miner is on one tip; in
// a race (the attacker published one block to match an honest one) the honest hash power splits
// by which block it saw first: a share γ saw the attacker's, and the chain's first-seen rule
// (activate.ts's isBetter) keeps each side on the block it saw first. So "honest-first" stands
// for the (1 − γ) of honest power that saw the honest block first and "attacker-first" for the γ
// that saw the attacker's. Blocks move between views as headers-first sync moves them: only a
// branch with more work than the receiver's tip is fetched (core/chain/header-batch.ts).
// Eyal–Sirer's model has no propagation delay besides the race, and neither has this.
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../src/core/chain/chain';
import type { IndexEntry } from '../src/core/chain/header-index';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { utf8 } from '../src/core/encoding/bytes';
import { publicKeyOf } from '../src/core/primitives/tx';
import { SelfishMiner, selfishRevenue, type SelfishDecision } from '../src/lab/selfish-miner';
import { prng } from './events';

export interface SelfishScenario {
  seed: number;
  /** The attacker's share of hash rate. */
  alpha: number;
  /** The share of honest hash rate that mines on the attacker's block in a one-against-one race. */
  gamma: number;
  /** Blocks found in all (attacker and honest). */
  blocks: number;
}

export interface SelfishResult {
  alpha: number;
  gamma: number;
  blocksFound: number;
  mainChain: number;
  attackerBlocks: number;
  /** The attacker's share of main-chain blocks, simulated. */
  share: number;
  /** Eyal–Sirer's R(α, γ). */
  theory: number;
  /** Blocks found but left off the main chain (orphaned by the attack). */
  staleRate: number;
  races: number;
  reorgs: number;
  wallSeconds: number;
}

interface View {
  name: string;
  chain: Chain;
}

/** Attacker's blocks are handled by their index entry, which carries the height the strategy needs. */
type Found = IndexEntry;

export async function simulateSelfish(sc: SelfishScenario): Promise<SelfishResult> {
  const wallStart = performance.now();
  const rand = prng(sc.seed);
  let clockS = REGTEST.genesis.header.time + 1_000;
  const open = async (name: string): Promise<View> => ({ name, chain: await Chain.open(REGTEST, new MemoryChainStore(), { now: () => clockS }) });
  const attacker = await open('attacker');
  const honestFirst = await open('honest-first');
  const attackerFirst = await open('attacker-first');
  const attackerKey = publicKeyOf(sha256(utf8(`selfish attacker ${sc.seed}`)));
  const honestKey = publicKeyOf(sha256(utf8(`selfish honest ${sc.seed}`)));
  const attackerBlocks = new Set<string>();
  let reorgs = 0;
  for (const v of [honestFirst, attackerFirst]) v.chain.events.on('disconnect', () => reorgs++);

  let extraNonce = 0n;
  const mine = async (view: View, recipient: Uint8Array): Promise<IndexEntry> => {
    const block = createBlockTemplate({ params: REGTEST, parent: view.chain.templateParent(), txs: [], recipient, now: clockS, extraNonce: extraNonce++ });
    if (solveBlock(block) === null) throw new Error('regtest block not solved');
    const result = await view.chain.submitBlock(block);
    if (result !== 'connected') throw new Error(`${view.name} did not connect its own block: ${result}`);
    return view.chain.tip;
  };

  /** Moves the branch ending at tip from one view to another, as headers-first sync would. */
  const deliver = async (from: View, to: View, tip: IndexEntry): Promise<void> => {
    if (tip.work <= to.chain.tip.work) return; // not more work: a node does not fetch it
    const path: IndexEntry[] = [];
    for (let e: IndexEntry | null = tip; e && !to.chain.index.get(e.hashHex)?.hasData; e = e.parent) path.push(e);
    path.reverse();
    if (path.length > 1) {
      const { error } = await to.chain.acceptHeaders(path.map((e) => e.header));
      if (error) throw error;
    }
    for (const e of path) await to.chain.submitBlock(await from.chain.loadBlock(e));
  };

  const strategy = new SelfishMiner<Found>(0);
  let races = 0;
  const publish = async (decision: SelfishDecision<Found>, honestBlock: { from: View; entry: IndexEntry } | null) => {
    const top = decision.publish[decision.publish.length - 1];
    if (decision.move === 'race' && top && honestBlock) {
      // The γ side hears the attacker's block first and keeps it; the rest keep the honest one.
      races++;
      await deliver(attacker, attackerFirst, top);
      await deliver(honestBlock.from, attackerFirst, honestBlock.entry);
      await deliver(attacker, honestFirst, top);
      return;
    }
    const other = honestBlock && (honestBlock.from === honestFirst ? attackerFirst : honestFirst);
    if (honestBlock && other) await deliver(honestBlock.from, other, honestBlock.entry);
    if (top) for (const v of [honestFirst, attackerFirst]) await deliver(attacker, v, top);
  };

  for (let n = 0; n < sc.blocks; n++) {
    clockS += Math.max(1, Math.round(-Math.log(1 - rand()) * REGTEST.spacing));
    if (rand() < sc.alpha) {
      const entry = await mine(attacker, attackerKey);
      attackerBlocks.add(entry.hashHex);
      await publish(strategy.onOwnBlock(entry), null);
      continue;
    }
    // An honest block: in a race, found by the γ side with probability γ.
    const racing = honestFirst.chain.tip !== attackerFirst.chain.tip;
    const finder = racing && rand() < sc.gamma ? attackerFirst : honestFirst;
    const entry = await mine(finder, honestKey);
    await deliver(finder, attacker, entry);
    await publish(strategy.onPublicBlock(entry.height), { from: finder, entry });
  }

  // The run ends mid-excursion: with a lead of two or more the attacker wins it whatever comes next.
  const withheld = strategy.withheld[strategy.withheld.length - 1];
  if (strategy.lead >= 2 && withheld) for (const v of [honestFirst, attackerFirst]) await deliver(attacker, v, withheld);

  const main = honestFirst.chain.activeFrom(1);
  const mine_ = main.filter((e) => attackerBlocks.has(e.hashHex)).length;
  return {
    alpha: sc.alpha,
    gamma: sc.gamma,
    blocksFound: sc.blocks,
    mainChain: main.length,
    attackerBlocks: mine_,
    share: +(mine_ / main.length).toFixed(4),
    theory: +selfishRevenue(sc.alpha, sc.gamma).toFixed(4),
    staleRate: +(1 - main.length / sc.blocks).toFixed(4),
    races,
    reorgs,
    wallSeconds: +((performance.now() - wallStart) / 1000).toFixed(1),
  };
}
