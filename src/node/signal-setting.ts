// The browser's choice of signaling server (net/signaling.ts) and the user's saved setting for
// it. Only the browser composition root (browser.ts, main.ts) uses this: in-memory nodes (tests,
// lessons, the simulator) pass MEMORY_SIGNALING and need no page, settings or fetch.
import { chooseSignaling, parseSignalSpec, type SignalingChoice } from '../net/signaling';
import type { SettingsStore } from '../storage/settings';

export const SIGNAL_SETTING = 'signal';

/** Saves a signaling server for the next start (null clears it). Throws with a readable message if invalid. */
export function saveSignalSetting(settings: SettingsStore, pageUrl: URL, spec: string | null): void {
  if (spec !== null) parseSignalSpec(spec, pageUrl.protocol === 'https:');
  settings.set(SIGNAL_SETTING, spec);
}

/** The node's chooseSignaling for a page: ?signal=, else the saved setting, else same origin, else the public cloud. */
export function pageSignaling(pageUrl: URL, settings: SettingsStore, fetchImpl: typeof fetch): () => Promise<SignalingChoice> {
  return () => chooseSignaling({ pageUrl, savedSpec: settings.get(SIGNAL_SETTING), fetchImpl });
}
