// Mining controls for the UI: start and stop, workers, duty cycle, pause while hidden.
import { decodeAddress } from '../core/primitives/address';
import type { BrowserNode } from '../node/browser';
import { WORKERS_SETTING } from '../node/browser';
import type { MiningController } from '../node/mining';
import type { MiningState } from './mining-state.svelte';
import { describeError } from './i18n/errors';

const recipientKey = (net: string) => `simplecoin.miner.recipient.${net}`;

export class MiningActions {
  private controller: MiningController | null = null;
  private resumeOnVisible = false;

  constructor(
    private readonly browserNode: BrowserNode,
    private readonly state: MiningState,
  ) {
    state.maxWorkers = Math.max(1, navigator.hardwareConcurrency || 1);
    state.workers = Number(localStorage.getItem(WORKERS_SETTING)) || Math.max(1, state.maxWorkers - 1);
    state.recipient = localStorage.getItem(recipientKey(browserNode.params.name)) ?? '';
    document.addEventListener('visibilitychange', () => void this.onVisibility());
  }

  private async miner(): Promise<MiningController> {
    if (!this.controller) {
      this.controller = await this.browserNode.mining();
      this.controller.events.on('stats', (s) => (this.state.stats = s));
    }
    return this.controller;
  }

  /** Starts mining to the given address. Returns false with state.message set if it cannot. */
  async start(address: string): Promise<boolean> {
    let key: Uint8Array;
    try {
      key = decodeAddress(this.browserNode.params.hrp, address);
    } catch (error) {
      this.state.message = describeError(error);
      return false;
    }
    localStorage.setItem(recipientKey(this.browserNode.params.name), address.trim());
    this.state.recipient = address.trim();
    const miner = await this.miner();
    miner.setRecipient(key);
    try {
      miner.start();
    } catch (error) {
      this.state.message = describeError(error);
      return false;
    }
    this.state.message = '';
    return true;
  }

  async stop(): Promise<void> {
    this.resumeOnVisible = false;
    (await this.miner()).stop();
  }

  async setWorkers(n: number): Promise<void> {
    const clamped = Math.min(this.state.maxWorkers, Math.max(1, Math.floor(n)));
    this.state.workers = clamped;
    localStorage.setItem(WORKERS_SETTING, String(clamped));
    const controller = await this.miner();
    controller.backend.setWorkers(clamped);
  }

  async setDuty(fraction: number): Promise<void> {
    this.state.duty = fraction;
    (await this.miner()).backend.setDuty(fraction);
  }

  private async onVisibility(): Promise<void> {
    if (!this.controller || !this.state.pauseWhenHidden) return;
    if (document.visibilityState === 'hidden' && this.controller.isRunning) {
      this.controller.stop();
      this.resumeOnVisible = true;
    } else if (document.visibilityState === 'visible' && this.resumeOnVisible) {
      this.resumeOnVisible = false;
      this.controller.start();
    }
  }
}
