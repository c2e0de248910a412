// Selfish mining, Eyal & Sirer's SM1 ("Majority is not enough: Bitcoin mining is vulnerable",
// FC 2014, Algorithm 1). The attacker mines on a private branch and publishes only to waste the
// honest miners' work: it never builds on a public block while its own branch is at least as long.
// This is the decision only, over the attacker's blocks and the public chain's height: the
// simulator (sim/selfish.ts) drives it over real chains, and a lab tab can drive it over its node.
// An honest node never consults it; what an attacker does differently is all in this file.

/** What the strategy needs of a block: its height in the chain. */
export interface HeightOf {
  readonly height: number;
}

/**
 * Why the strategy published what it did:
 *  - withhold: keep the new block private (publish nothing);
 *  - adopt: the public chain is longer, give up the private branch and mine on the public tip;
 *  - race: a public block matched the branch of one, publish it and let the network choose (γ);
 *  - win: publish the whole branch, longer than the public chain, which every honest node takes;
 *  - match: lead over 2, publish the block at the public height, so honest miners who see it
 *    first may waste work on it, and keep the rest private.
 */
export type SelfishMove = 'withhold' | 'adopt' | 'race' | 'win' | 'match';

export interface SelfishDecision<B> {
  move: SelfishMove;
  publish: B[];
}

export class SelfishMiner<B extends HeightOf> {
  /** The attacker's blocks since its branch left the public chain, published or not, in height order. */
  private branch: B[] = [];
  private published = 0;
  /** Height of the last block the attacker and the public chain share. */
  private forkHeight: number;
  private publicHeight: number;

  constructor(tipHeight: number) {
    this.forkHeight = tipHeight;
    this.publicHeight = tipHeight;
  }

  /** The private branch's lead over the public chain (Eyal–Sirer's Δ). */
  get lead(): number {
    return this.branch.length - (this.publicHeight - this.forkHeight);
  }

  /** Blocks the attacker holds that nobody else has seen. */
  get withheld(): readonly B[] {
    return this.branch.slice(this.published);
  }

  /** The attacker found a block on its own branch. */
  onOwnBlock(block: B): SelfishDecision<B> {
    const expected = this.forkHeight + this.branch.length + 1;
    if (block.height !== expected) throw new Error(`selfish miner: own block at height ${block.height}, the branch is at ${expected - 1}`);
    const racing = this.lead === 0 && this.branch.length > 0;
    this.branch.push(block);
    // In a race (one against one), a second block wins it: publish everything.
    if (racing) return this.publishAll();
    return { move: 'withhold', publish: [] };
  }

  /** Another miner's block made the public chain this high. */
  onPublicBlock(publicHeight: number): SelfishDecision<B> {
    if (publicHeight <= this.publicHeight) return { move: 'withhold', publish: [] };
    const before = this.lead;
    this.publicHeight = publicHeight;
    if (before <= 0 || this.lead < 0) {
      // The public chain is longer (or a race was decided by someone else): mine on its tip.
      this.branch = [];
      this.published = 0;
      this.forkHeight = publicHeight;
      return { move: 'adopt', publish: [] };
    }
    if (before === 1) {
      // Lengths are now equal: publish the one block and race.
      return { move: 'race', publish: this.publishUpTo(this.branch.length) };
    }
    if (before === 2) return this.publishAll();
    // Far ahead: reveal the block at the public height, keep the rest.
    return { move: 'match', publish: this.publishUpTo(this.publicHeight - this.forkHeight) };
  }

  /**
   * The run ends: a branch ahead of the public chain is published whole (it wins, whatever comes
   * next); one that is not is given up, as on a public block.
   */
  finish(): SelfishDecision<B> {
    if (this.lead > 0) return this.publishAll();
    this.branch = [];
    this.published = 0;
    this.forkHeight = this.publicHeight;
    return { move: 'adopt', publish: [] };
  }

  private publishUpTo(count: number): B[] {
    const out = this.branch.slice(this.published, count);
    this.published = Math.max(this.published, count);
    return out;
  }

  /** Publishes the whole branch, which becomes the public chain. */
  private publishAll(): SelfishDecision<B> {
    const publish = this.branch.slice(this.published);
    const top = this.branch[this.branch.length - 1];
    this.forkHeight = top ? top.height : this.forkHeight;
    this.publicHeight = this.forkHeight;
    this.branch = [];
    this.published = 0;
    return { move: 'win', publish };
  }
}

/** Eyal–Sirer's closed form: the selfish pool's share of main-chain blocks at hash share α and tie share γ (their eq. 8). */
export function selfishRevenue(alpha: number, gamma: number): number {
  const a = alpha;
  return (a * (1 - a) ** 2 * (4 * a + gamma * (1 - 2 * a)) - a ** 3) / (1 - a * (1 + (2 - a) * a));
}

/** The hash share above which selfish mining pays more than honest mining: (1 − γ) / (3 − 2γ). */
export const selfishThreshold = (gamma: number): number => (1 - gamma) / (3 - 2 * gamma);

/** One point of the simulator's sweep (sim/selfish-sweep.ts): the attacker's pooled main-chain share at (α, γ). */
export interface SelfishSweepPoint {
  alpha: number;
  gamma: number;
  runs: number;
  blocksPerRun: number;
  /** Attacker's blocks over main-chain blocks, all runs pooled. */
  share: number;
  /** Standard error of the share across runs. */
  shareStdError: number;
  theory: number;
  staleRate: number;
}
