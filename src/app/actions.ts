// What the UI may ask of the node. The UI never holds the node itself.
import type { BrowserNode } from '../node/browser';
import type { StorageState } from './storage-state.svelte';
import { t } from './i18n/i18n';
import { describeError } from './i18n/errors';

export class AppActions {
  private browserNode: BrowserNode | null = null;

  constructor(
    private readonly storage: StorageState,
    private readonly saveSignal: (spec: string | null) => void,
  ) {}

  attach(browserNode: BrowserNode): void {
    this.browserNode = browserNode;
  }

  /** Saves a signaling server for the next start; '' clears it. Returns a message for the user. */
  saveSignalSetting(spec: string): string {
    const trimmed = spec.trim();
    try {
      this.saveSignal(trimmed === '' ? null : trimmed);
    } catch (error) {
      return describeError(error);
    }
    return trimmed === '' ? t('signal.cleared') : t('signal.saved');
  }

  /** Tries to reach the signaling server now instead of at the next backoff step. */
  retryNetwork(): void {
    this.browserNode?.node.retryNetwork();
  }

  /** Deletes this tab's chain (the wallet is untouched) and reloads. */
  async resetChain(): Promise<void> {
    if (!this.browserNode) return;
    this.storage.resetting = true;
    await this.browserNode.resetChain();
  }
}
