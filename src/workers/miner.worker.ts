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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  running = true;
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
    for (const nonce of result.found) post({ type: 'found', jobId: current.jobId, nonce });
    post({ type: 'stats', jobId: current.jobId, hashes: result.hashed, ms, bestWord: result.bestWord, bestNonce: result.bestNonce });
    // Yield to the inbox; at a duty cycle below 1, rest in proportion to the work done.
    await pause(duty >= 1 ? 0 : (ms * (1 - duty)) / duty);
  }
  running = false;
}
