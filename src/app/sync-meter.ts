// What the sync progress bar shows: blocks and headers, the download rate and the time left, from
// the node's sync events. The rate is measured over a sliding window, so a pause (a slow peer, a
// tab in the background) shows up within seconds and an old burst does not flatter the ETA.
import type { SyncProgress } from '../node/p2p/sync';
import { t } from './i18n/i18n';

/** The rate is measured over at most this much recent time. */
export const RATE_WINDOW_MS = 20_000;
/** Below this much history the rate is not yet known. */
export const MIN_RATE_SPAN_MS = 2_000;
/**
 * Up to this many blocks behind the best header is "at the tip", not syncing. Headers and compact
 * blocks announce a new block before its body is connected (BIP130, BIP152), so every tab is a
 * block behind for a moment with every block. Shown as "syncing", the bar and the header's word
 * flashed on each block, and re-laying out the page then cost each of 16 tabs on 2 cores about 28 ms
 * a block, on the path of propagation (docs/PERFORMANCE.md).
 */
export const AT_TIP_BLOCKS = 2;

export interface SyncView {
  /** More than AT_TIP_BLOCKS blocks behind the best header. */
  syncing: boolean;
  height: number;
  /** The best header we hold (blocks are downloaded up to it). */
  headers: number;
  /** The best height a peer says it has (headers arrive up to it). */
  peerHeight: number;
  /** Blocks per second over the window, null until measurable. */
  blocksPerSecond: number | null;
  /** Seconds until the blocks reach the headers at that rate, null when unknown. */
  etaSeconds: number | null;
  /** Whole percent of blocks downloaded of those the headers show. */
  percent: number;
}

interface Sample {
  at: number;
  height: number;
}

export class SyncMeter {
  private samples: Sample[] = [];

  /** A sync event at `now` (ms). */
  update(p: SyncProgress, now: number): SyncView {
    const last = this.samples[this.samples.length - 1];
    // A lower height (a reorg, a restart) starts the measurement over.
    if (last && p.height < last.height) this.samples = [];
    if (!last || now > last.at || p.height !== last.height) this.samples.push({ at: now, height: p.height });
    while (this.samples.length > 2 && now - (this.samples[1] as Sample).at >= RATE_WINDOW_MS) this.samples.shift();
    return viewOf(p, rateOf(this.samples));
  }
}

function rateOf(samples: Sample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < MIN_RATE_SPAN_MS) return null;
  return ((last.height - first.height) * 1000) / (last.at - first.at);
}

function viewOf(p: SyncProgress, blocksPerSecond: number | null): SyncView {
  const headers = Math.max(p.bestHeaderHeight, p.height);
  const left = headers - p.height;
  const etaSeconds = left === 0 ? 0 : blocksPerSecond && blocksPerSecond > 0 ? Math.ceil(left / blocksPerSecond) : null;
  const percent = headers === 0 ? 100 : Math.floor((100 * p.height) / headers);
  return { syncing: left > AT_TIP_BLOCKS, height: p.height, headers, peerHeight: Math.max(p.peerHeight ?? 0, headers), blocksPerSecond, etaSeconds, percent };
}

/** "about 2 min 5 s left", "about 40 s left", "time left unknown". */
export function describeEta(seconds: number | null): string {
  if (seconds === null) return t('sync.etaUnknown');
  if (seconds < 60) return t('sync.etaSeconds', { s: seconds });
  if (seconds < 3600) return t('sync.etaMinutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
  return t('sync.etaHours', { h: Math.floor(seconds / 3600), m: Math.floor((seconds % 3600) / 60) });
}

/** The whole state in one sentence: the progress bar's aria-valuetext and its visible line. */
export function describeSync(v: SyncView): string {
  const rate = v.blocksPerSecond === null ? t('sync.measuring') : t('sync.rate', { rate: Math.round(v.blocksPerSecond) });
  // A peer's height is only its claim: shown as what peers report, never as our target.
  const headerPart = v.peerHeight > v.headers ? t('sync.headersClaim', { headers: v.headers, peers: v.peerHeight }) : t('sync.headers', { headers: v.headers });
  return t('sync.line', { height: v.height, headers: v.headers, percent: v.percent, headerPart, rate, eta: describeEta(v.etaSeconds) });
}
