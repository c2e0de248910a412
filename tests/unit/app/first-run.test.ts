import { describe, expect, it } from 'vitest';
import { firstRunSteps, nextStep } from '../../../src/app/first-run';

describe('first-run path', () => {
  it('goes wallet → mine → send, each done when the wallet shows it', () => {
    const at = (walletPhase: string, directions: string[], found = 0) => nextStep(firstRunSteps({ walletPhase, history: directions.map((direction) => ({ direction })), blocksFoundThisSession: found }))?.id ?? null;
    expect(at('none', [])).toBe('wallet');
    expect(at('loading', [])).toBe('wallet');
    expect(at('open', [])).toBe('mine');
    expect(at('locked', [], 1)).toBe('send');
    expect(at('open', ['mined', 'in'])).toBe('send');
    expect(at('open', ['mined', 'out'])).toBeNull();
  });
});
