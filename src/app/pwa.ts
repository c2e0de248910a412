// Service worker registration, safe updates and the install prompt.
// An update is applied only when the user asks, and only after the node's pending chain writes
// have finished: the new code never takes over in the middle of a write.
import { registerSW } from 'virtual:pwa-register';
import type { UpdateState } from './update-state.svelte';

interface InstallPrompt extends Event {
  prompt(): Promise<void>;
}

export class PwaControls {
  private applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;
  private installEvent: InstallPrompt | null = null;

  constructor(
    private readonly state: UpdateState,
    /** Resolves once no chain write is in progress. */
    private readonly idle: () => Promise<void>,
  ) {
    if ('serviceWorker' in navigator) {
      this.applyUpdate = registerSW({
        immediate: true,
        onNeedRefresh: () => (state.updateReady = true),
        onRegisteredSW: (_url, registration) => {
          // Look for a new version now and then while the app stays open.
          if (registration) setInterval(() => void registration.update(), 60 * 60_000);
        },
      });
    }
    window.addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault();
      this.installEvent = event as InstallPrompt;
      state.canInstall = true;
    });
    window.addEventListener('appinstalled', () => (state.canInstall = false));
    state.offline = !navigator.onLine;
    window.addEventListener('online', () => (state.offline = false));
    window.addEventListener('offline', () => (state.offline = true));
  }

  async update(): Promise<void> {
    if (!this.applyUpdate) return;
    this.state.updating = true;
    await this.idle();
    await this.applyUpdate(true);
  }

  async install(): Promise<void> {
    if (!this.installEvent) return;
    await this.installEvent.prompt();
    this.installEvent = null;
    this.state.canInstall = false;
  }
}
