// The first-run path: create a wallet → mine your first block → send a coin. Each step is done
// when the wallet shows it, so the path survives a reload and needs no extra storage.
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
    { id: 'wallet', label: 'Create a wallet', href: '#/wallet', done: hasWallet, hint: 'Choose a passphrase; your key stays in this browser.' },
    { id: 'mine', label: 'Mine your first block', href: '#/mine', done: mined, hint: 'Press Start mining; the reward goes to your wallet.' },
    { id: 'send', label: 'Send a coin', href: '#/wallet', done: sent, hint: 'Paste a classmate’s address in Send coins, or any address of this network.' },
  ];
}

/** The first step not done yet, or null when the path is complete. */
export const nextStep = (steps: FirstRunStep[]): FirstRunStep | null => steps.find((s) => !s.done) ?? null;
