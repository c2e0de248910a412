// The presync tests' peer: it answers getheaders in batches of a fixed size, each full (a batch of
// MAX_HEADERS says "there is more") but a shorter last one.
import { HeadersPresync, type PresyncStep } from '../../../../src/core/chain/presync';
import { headerHash, type BlockHeader } from '../../../../src/core/primitives/header';

/** Feeds headers in batches of `size` until presync asks for no more; returns each step. */
export function feedAll(p: HeadersPresync, headers: BlockHeader[], size: number): PresyncStep[] {
  const steps: PresyncStep[] = [];
  for (let i = 0; i < headers.length; i += size) {
    const batch = headers.slice(i, i + size);
    const step = p.feed(batch, batch.map(headerHash), batch.length === size);
    steps.push(step);
    if (step.kind !== 'more') break;
  }
  return steps;
}
