// What the sync progress bar shows: blocks and headers, the download rate and the time left, from
// the node's sync events. The rate is measured over a sliding window, so a pause (a slow peer, a
// tab in the background) shows up within seconds and an old burst does not flatter the ETA.
import type { SyncProgress } from '../node/p2p/sync';

/** The rate is measured over at most this much recent time. */
export const RATE_WINDOW_MS = 20_000;
/** Below this much history the rate is not yet known. */
export const MIN_RATE_SPAN_MS = 2_000;

export interface SyncView {
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
  return { syncing: p.syncing, height: p.height, headers, peerHeight: Math.max(p.peerHeight ?? 0, headers), blocksPerSecond, etaSeconds, percent };
}

/** "about 2 min 5 s left", "about 40 s left", "time left unknown". */
export function describeEta(seconds: number | null): string {
  if (seconds === null) return 'time left unknown';
  if (seconds < 60) return `about ${seconds} s left`;
  if (seconds < 3600) return `about ${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
  return `about ${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min left`;
}

/** The whole state in one sentence: the progress bar's aria-valuetext and its visible line. */
export function describeSync(v: SyncView): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rate = v.blocksPerSecond === null ? 'measuring speed' : `${n(Math.round(v.blocksPerSecond))} blocks/s`;
  // A peer's height is only its claim: shown as what peers report, never as our target.
  const headers = v.peerHeight > v.headers ? `headers ${n(v.headers)} (peers report ${n(v.peerHeight)})` : `headers ${n(v.headers)}`;
  return `Blocks ${n(v.height)} of ${n(v.headers)} (${v.percent}%), ${headers}, ${rate}, ${describeEta(v.etaSeconds)}`;
}
