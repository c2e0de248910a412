// Asking the browser to keep our data, and showing how much we use.

export interface StorageReport {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function requestPersistence(storage: StorageManager | undefined): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return null;
  }
}

export async function storageReport(storage: StorageManager | undefined, persisted: boolean | null): Promise<StorageReport> {
  if (!storage?.estimate) return { persisted, usage: null, quota: null };
  try {
    const { usage = null, quota = null } = await storage.estimate();
    return { persisted, usage, quota };
  } catch {
    return { persisted, usage: null, quota: null };
  }
}

/**
 * A record, outside the chain database, of how high each slot's chain was. If the database comes
 * back empty while this says it had blocks, the browser wiped it (storage pressure, or the user
 * clearing site data for this database only).
 */
export class ChainHeightMarker {
  constructor(
    private readonly storage: Storage,
    private readonly key: string,
  ) {}

  read(): number {
    const v = Number(this.storage.getItem(this.key));
    return Number.isFinite(v) ? v : 0;
  }

  write(height: number): void {
    try {
      this.storage.setItem(this.key, String(height));
    } catch {
      // A full localStorage only loses the wipe detection, never chain data.
    }
  }
}
