// Page settings that must survive a reload and that every tab of the origin shares (the chosen
// signaling server), in localStorage: read synchronously at startup, before any slot is open.
// Per-node data (the node's identity secret) lives in its slot's chain database (chain-db.ts).

export interface SettingsStore {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export class LocalSettingsStore implements SettingsStore {
  constructor(
    private readonly storage: Storage,
    private readonly prefix = 'simplecoin.',
  ) {}

  get(key: string): string | null {
    try {
      return this.storage.getItem(this.prefix + key);
    } catch {
      return null;
    }
  }

  set(key: string, value: string | null): void {
    if (value === null) this.storage.removeItem(this.prefix + key);
    else this.storage.setItem(this.prefix + key, value);
  }
}
