// When a locked mining reward can be spent: "spendable in 7 blocks, about 3 min". A reward found in
// block h may be spent from block h + coinbaseMaturity on (core/consensus/connect.ts), and the
// wallet counts as spendable what can go into the next block (WalletTracker.balances), so a
// reward unlocking at height u waits u − (tip + 1) more blocks, each about the network's spacing.
import type { HistoryRow } from './wallet-state.svelte';
import { t } from './i18n/i18n';

export interface Unlock {
  /** Blocks still to be found before a payment from it can go into the next one. */
  blocks: number;
  /** Those blocks at the network's target spacing. */
  seconds: number;
}

/** The first height whose block may spend the reward of block `rewardHeight`. */
export const rewardUnlockHeight = (rewardHeight: number, coinbaseMaturity: number) => rewardHeight + coinbaseMaturity;

/** How long until a reward unlocking at `unlockHeight` can be spent, with the chain at `tip`; null if it can be now. */
export function unlockIn(unlockHeight: number, tip: number, spacing: number): Unlock | null {
  const blocks = unlockHeight - (tip + 1);
  return blocks > 0 ? { blocks, seconds: blocks * spacing } : null;
}

function about(seconds: number): string {
  if (seconds < 90) return t('unlock.aboutSeconds', { count: seconds });
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? t('unlock.aboutMinutes', { count: minutes }) : t('unlock.aboutHours', { count: Math.round(minutes / 60) });
}

/** "spendable in 7 blocks, about 3 min", or "spendable now". */
export const describeUnlock = (u: Unlock | null): string => (u === null ? t('unlock.now') : t('unlock.in', { count: u.blocks, about: about(u.seconds) }));

export interface RewardLocks {
  /** How many of the rewards are still locked. */
  locked: number;
  /** When the first of them unlocks, or null if none is locked. */
  next: Unlock | null;
}

/** Which of some confirmed mining rewards are still locked, and when the first unlocks. */
export function rewardLocks(rewards: readonly HistoryRow[], chain: { tip: number; spacing: number; coinbaseMaturity: number }): RewardLocks {
  let locked = 0;
  let next: Unlock | null = null;
  for (const r of rewards) {
    if (r.direction !== 'mined' || r.status !== 'confirmed' || r.height === null) continue;
    const u = unlockIn(rewardUnlockHeight(r.height, chain.coinbaseMaturity), chain.tip, chain.spacing);
    if (u === null) continue;
    locked++;
    if (next === null || u.blocks < next.blocks) next = u;
  }
  return { locked, next };
}
