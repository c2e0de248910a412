// Node settings that must survive a reload. Kept in localStorage until the IndexedDB settings
// store lands (issue 4); the interface stays the same.

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
