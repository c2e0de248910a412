// One node per tab. Each tab holds a Web Lock on a numbered slot for as long as it lives; the slot
// names its chain database. A reloaded tab, or a new one after a tab closed, takes the lowest
// free slot and so reuses that slot's chain instead of downloading it again.

import { CodedError } from '../core/protocol/coded-error';

export const MAX_SLOTS = 64;

export const SLOT_ERRORS = ['slots-full'] as const;

/** Every slot is held by another tab. */
export class SlotsFullError extends CodedError<(typeof SLOT_ERRORS)[number]> {
  override name = 'SlotsFullError';
}

export interface Slot {
  index: number;
  /** The chain database of this slot. */
  dbName: string;
  release(): void;
}

export const slotLockName = (network: string, index: number) => `simplecoin-node-${network}-${index}`;
export const slotDbName = (network: string, index: number) => `simplecoin-chain-${network}-${index}`;

/** Takes the lowest slot whose lock nobody holds. */
export async function acquireSlot(locks: LockManager, network: string): Promise<Slot> {
  for (let index = 0; index < MAX_SLOTS; index++) {
    let release: () => void = () => {};
    const held = await new Promise<boolean>((resolve) => {
      void locks.request(slotLockName(network, index), { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(false);
          return undefined;
        }
        resolve(true);
        // The lock is held until this promise settles: for the life of the tab, or release().
        return new Promise<void>((done) => (release = done));
      });
    });
    if (held) return { index, dbName: slotDbName(network, index), release: () => release() };
  }
  throw new SlotsFullError('slots-full', `All ${MAX_SLOTS} node slots are in use: close some SimpleCoin tabs.`, { max: MAX_SLOTS });
}
