// A mining worker: scans its nonce range for the current job in chunks, yielding between chunks
// so a new job or a stop takes effect at once, and sleeping to honour the duty cycle.
import { TsKernel, type MiningKernel } from '../core/mining/kernel';
import { WasmKernel, simdSupported } from './wasm-kernel';
import { CHUNK, type FromWorker, type MinerJob, type ToWorker } from './protocol';

let kernel: MiningKernel = new TsKernel();
let job: MinerJob | null = null;
let next = 0;
let duty = 1;
let running = false;

const post = (m: FromWorker) => postMessage(m);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'init') {
    const useWasm = m.wasm !== null && simdSupported();
    kernel = useWasm ? new WasmKernel(m.wasm as WebAssembly.Module) : new TsKernel();
    post({ type: 'ready', kernel: useWasm ? 'wasm-simd' : 'typescript' });
  } else if (m.type === 'job') {
    job = m.job;
    next = job.start;
    kernel.setTemplate(job.header, BigInt(`0x${job.targetHex}`));
    if (!running) void run();
  } else if (m.type === 'duty') {
    duty = Math.min(1, Math.max(0.05, m.fraction));
  } else if (m.type === 'stop') {
    job = null;
  }
};

// setTimeout(0) is clamped to 4 ms after a few nested calls: a third of a chunk's time. A
// MessageChannel round trip yields to the inbox without that delay.
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => wake?.();
const yieldToInbox = () =>
  new Promise<void>((resolve) => {
    wake = resolve;
    channel.port2.postMessage(0);
  });
const pause = (ms: number) => (ms <= 0 ? yieldToInbox() : new Promise((resolve) => setTimeout(resolve, ms)));

/** Stats go out at most this often, so the page is not flooded with messages. */
const STATS_MS = 250;

async function run(): Promise<void> {
  running = true;
  let pending = { jobId: -1, hashes: 0, ms: 0, bestWord: 0xffffffff, bestNonce: 0, since: performance.now() };
  while (job) {
    const current = job;
    const count = Math.min(CHUNK, current.end - next);
    if (count <= 0) {
      post({ type: 'exhausted', jobId: current.jobId });
      job = null;
      break;
    }
    const t0 = performance.now();
    const result = kernel.scan(next, count);
    const ms = performance.now() - t0;
    next += result.hashed;
    if (result.found.length > 0) {
      // One block per template: report the first winner and wait for the next job.
      post({ type: 'found', jobId: current.jobId, nonce: result.found[0] as number });
      if (job === current) job = null;
    }
    // Hash counts carry over a job change (the rate is the worker's); the best hash does not.
    if (pending.jobId !== current.jobId) pending = { ...pending, jobId: current.jobId, bestWord: 0xffffffff, bestNonce: 0 };
    pending.hashes += result.hashed;
    pending.ms += ms;
    if (result.bestWord < pending.bestWord) {
      pending.bestWord = result.bestWord;
      pending.bestNonce = result.bestNonce;
    }
    if (performance.now() - pending.since >= STATS_MS) {
      post({ type: 'stats', jobId: current.jobId, hashes: pending.hashes, ms: pending.ms, bestWord: pending.bestWord, bestNonce: pending.bestNonce });
      pending = { ...pending, hashes: 0, ms: 0, since: performance.now() };
    }
    // Yield to the inbox; at a duty cycle below 1, rest in proportion to the work done.
    await pause(duty >= 1 ? 0 : (ms * (1 - duty)) / duty);
  }
  running = false;
}
