// The first-run path: create a wallet → mine your first block → send a coin. Each step is done
// when the wallet shows it, so the path survives a reload and needs no extra storage.
import { t } from './i18n/i18n';

export interface FirstRunInput {
  walletPhase: string;
  history: ReadonlyArray<{ direction: string }>;
  blocksFoundThisSession: number;
}

export interface FirstRunStep {
  id: 'wallet' | 'mine' | 'send';
  label: string;
  href: string;
  done: boolean;
  /** What to do, for the step that is next. */
  hint: string;
}

export function firstRunSteps(s: FirstRunInput): FirstRunStep[] {
  const hasWallet = s.walletPhase === 'open' || s.walletPhase === 'locked';
  const mined = s.blocksFoundThisSession > 0 || s.history.some((h) => h.direction === 'mined');
  const sent = s.history.some((h) => h.direction === 'out');
  return [
    { id: 'wallet', label: t('firstRun.wallet'), href: '#/wallet', done: hasWallet, hint: t('firstRun.walletHint') },
    { id: 'mine', label: t('firstRun.mine'), href: '#/mine', done: mined, hint: t('firstRun.mineHint') },
    { id: 'send', label: t('firstRun.send'), href: '#/wallet', done: sent, hint: t('firstRun.sendHint') },
  ];
}

/** The first step not done yet, or null when the path is complete. */
export const nextStep = (steps: FirstRunStep[]): FirstRunStep | null => steps.find((s) => !s.done) ?? null;
