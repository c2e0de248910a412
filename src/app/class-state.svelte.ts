// What the classroom page shows: the class, this tab's nickname, blocks found per reward account,
// and a live feed. Written only by ClassActions. Objects and arrays here are replaced whole, never
// changed in place, so they are $state.raw.
import type { NetworkKind } from '../core/protocol/networks';

export interface FeedEntry {
  id: number;
  at: number;
  text: string;
  /** A route to the block or transaction the entry is about. */
  href: string;
}

export class ClassState {
  kind = $state<NetworkKind>('main');
  /** The class name without its round, and the round (1 for a fresh class). */
  className = $state('');
  round = $state(1);
  /** This network's address prefix. */
  hrp = $state('');
  nickname = $state('');
  /** Blocks on the active chain whose reward went to each account (hex key). */
  blocksByKey = $state.raw<Record<string, number>>({});
  feed = $state.raw<FeedEntry[]>([]);
  /** Hex key of the account this tab's mining rewards go to, if any. */
  ownKey = $state<string | null>(null);
  /** This tab's hash rate while it mines (0 when it does not). */
  ownHashRate = $state(0);
}
