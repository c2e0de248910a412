// What the UI may ask of the node. The UI never holds the node itself.
import type { SimpleCoinNode } from '../node/node';

export class AppActions {
  constructor(private readonly node: SimpleCoinNode) {}

  /** Saves a signaling server for the next start; '' clears it. Returns a message for the user. */
  saveSignalSetting(spec: string): string {
    const trimmed = spec.trim();
    try {
      this.node.saveSignalSetting(trimmed === '' ? null : trimmed);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return trimmed === '' ? 'Cleared. Reload to use the default signaling server.' : 'Saved. Reload the page to use it.';
  }
}
