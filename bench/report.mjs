// Combines bench/results/*.json into bench/results.json and the table bench/RESULTS.md.
import fs from 'node:fs';

const read = (name) => {
  try {
    return JSON.parse(fs.readFileSync(`bench/results/${name}.json`, 'utf8'));
  } catch {
    return null;
  }
};
const mining = read('mining');
const verify = read('verify');
const ingest = read('ingest');
const cold = read('coldstart');
const propagation = read('propagation');
const bundle = read('bundle');
const core = read('core');
const kernel = read('kernel');
const readSim = () => {
  try {
    return JSON.parse(fs.readFileSync('sim/results.json', 'utf8')).results.find((r) => r.scenario === 'ours-1000-200') ?? null;
  } catch {
    return null;
  }
};
const sim = readSim();

const results = {
  mining: mining && { longestMainThreadTaskMs: mining.longestMainThreadTaskMs, perWorkerHps: mining.perWorkerHps, ceilingHps: mining.ceilingHps, ratio: mining.ratio, ratioMin: mining.ratioMin, ratioMax: mining.ratioMax, workers: mining.workers, scaling: mining.scaling, nodeWasmHps: mining.node?.wasmSimdHps, unit: 'double SHA-256 header hashes per second' },
  verify: verify && { chromiumPerSec: verify.chromiumPerSec, nodeCryptoPerSec: verify.nodeCryptoPerSec, ratio: verify.ratio, nodeNoblePerSec: core?.verify?.nobleSchnorrPerSec, unit: 'signature verifications per second' },
  ingest: ingest && { coinbaseOnlyBlocksPerSec: ingest.coinbaseOnly?.blocksPerSec, blocksPerSec: ingest.withTxs.blocksPerSec, txsPerSec: ingest.withTxs.txsPerSec, blocks: ingest.withTxs.blocks, txs: ingest.withTxs.txs, verifyCeilingPerSec: ingest.verifyCeiling?.twoCoresPerSec, beforeTxsPerSec: ingest.compare?.beforeTxsPerSec, speedup: ingest.compare?.speedup, byPeers: ingest.byPeers?.map((p) => ({ peers: p.peers, txsPerSec: p.txsPerSec })), unit: 'per second, synced from one peer (byPeers: from n) into IndexedDB' },
  verifyLibraries: verify?.libraries && { secp256k1PerSec: verify.libraries.secp256k1PerSec, curvesPerSec: verify.libraries.curvesPerSec, curvesOverSecp256k1: verify.libraries.curvesOverSecp256k1, unit: 'BIP340 verifications per second in Chromium, interleaved rounds (median, min, max)' },
  coldStart: cold && { blocks: cold.blocks, medianMs: cold.medianMs, minMs: cold.minMs, maxMs: cold.maxMs, unit: 'ms from navigation to chain open with height on screen' },
  propagation: propagation && { runs: propagation.map((p) => ({ tabs: p.tabs, p50Ms: p.p50Ms, p95Ms: p.p95Ms, blocks: p.blocks })), unit: 'ms until every tab has the block' },
  kernel: kernel && { relaxedSimdInChromium: kernel.relaxedSimdInChromium, ceilingMedianHps: kernel.ceilingMedianHps, variants: kernel.summary, unit: 'H/s per Chromium worker; ratio to the interleaved native ceiling' },
  simulation1000: sim && { blocks: sim.blocks, staleRate: sim.staleRate, staleExpected: sim.staleExpected, arrivalP95s: sim.arrivalP95s, reachAllP95s: sim.reachAllP95s, unit: 's, simulated (sim/run.ts --only=ours-1000-200)' },
  bundle: bundle && { gzipKB: bundle.gzipKB, rawBytes: bundle.rawBytes, unit: 'KB gzipped initial JS' },
  eviction: core?.eviction && { ...core.eviction, unit: 'eviction plans per second in a full 8 MB mempool' },
  heap: ingest && { afterSyncMB: ingest.heapAfterSyncMB, blocks: ingest.withTxs.blocks, unit: 'MB of JS heap in the tab after syncing (after GC)' },
};
fs.writeFileSync('bench/results.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`);

const row = (what, value, reference, goal) => `| ${what} | ${value} | ${reference} | ${goal} |`;
const f = (x, d = 0) => (x === undefined || x === null ? 'n/a' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d }));
const lines = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on this machine (2 cores). Each figure sits beside its reference, measured in the same run.`,
  '',
  '| what | measured | reference (same run) | goal |',
  '| --- | --- | --- | --- |',
  mining && row('Mining, per worker (Chromium, WASM SIMD)', `${f(mining.perWorkerHps / 1e6, 2)} MH/s`, `native SHA-256 ceiling (openssl-speed style, interleaved) ${f(mining.ceilingHps / 1e6, 2)} MH/s → ratio ${mining.ratio}${mining.ratioMin !== undefined ? ` (min–max ${mining.ratioMin}–${mining.ratioMax} over ${mining.rounds.length} rounds)` : ''}`, '≥ 0.5'),
  mining && row('Mining, all workers', mining.workers.map((w) => `${w.n}: ${f(w.hps / 1e6, 2)} MH/s`).join(', '), `scaling ×${mining.scaling}`, '≥ 1.9× on 2'),
  mining && mining.longestMainThreadTaskMs !== undefined && row('Page while mining: longest main-thread task', `${mining.longestMainThreadTaskMs} ms`, '', '≤ 50 ms'),
  verify && row('Signature verification (Chromium)', `${f(verify.chromiumPerSec)}/s`, `node:crypto ECDSA secp256k1 ${f(verify.nodeCryptoPerSec)}/s → ratio ${verify.ratio}`, ''),
  verify?.libraries && row('BIP340 verification, @noble/curves vs @noble/secp256k1 (Chromium)', `curves ${f(verify.libraries.curvesPerSec.median)}/s, secp256k1 ${f(verify.libraries.secp256k1PerSec.median)}/s`, `same rounds, interleaved: ×${verify.libraries.curvesOverSecp256k1.median} (${verify.libraries.curvesOverSecp256k1.min}–${verify.libraries.curvesOverSecp256k1.max}) over ${verify.libraries.rounds.length} rounds; node:crypto ECDSA ${f(verify.libraries.nodeCryptoPerSec.median)}/s`, 'switch only for a measured gain'),
  ingest?.coinbaseOnly && row('Ingest, coinbase-only blocks', `${f(ingest.coinbaseOnly.blocksPerSec)} blocks/s`, '', '≥ 2,000 blocks/s'),
  ingest && row(`Ingest, ${f(ingest.withTxs.blocks)} blocks with ${f(ingest.withTxs.txs)} txs`, `${f(ingest.withTxs.blocksPerSec)} blocks/s, ${f(ingest.withTxs.txsPerSec)} txs/s`, [ingest.verifyCeiling ? `ceiling 2 × one core's verifications ${f(ingest.verifyCeiling.twoCoresPerSec)} txs/s → ratio ${(ingest.withTxs.txsPerSec / ingest.verifyCeiling.twoCoresPerSec).toFixed(2)}` : verify ? `verification ceiling ${f(verify.chromiumPerSec)} txs/s` : '', ingest.compare ? `without the verify pool ${f(ingest.compare.beforeTxsPerSec)} txs/s (interleaved) → ×${ingest.compare.speedup} (${ingest.compare.speedups.join(', ')})` : ''].filter(Boolean).join('; '), '≥ 2,000 txs/s'),
  ...(ingest?.byPeers ?? []).map((p) => row(`Ingest with transfers from ${p.peers} peer${p.peers === 1 ? '' : 's'}`, `${f(p.txsPerSec)} txs/s, ${f(p.blocksPerSec)} blocks/s`, `load average ${p.load1} (2 cores)`, '')),
  cold && row(`Cold start, ${f(cold.blocks)} blocks`, `${f(cold.medianMs)} ms (median of 5)`, '', '< 1,000 ms'),
  ...(kernel?.summary ?? []).map((v) => row(`Mining kernel: ${v.variant} (bench/kernel.bench.ts)`, `${f(v.perWorkerHps / 1e6, 2)} MH/s per worker; 2 workers ×${v.scaling} (${v.scalingMin}–${v.scalingMax})`, `ceiling (interleaved) → ratio ${v.ratio} (min–max ${v.ratioMin}–${v.ratioMax}); ×${v.vsOneGroup} the 1-group kernel in the same rounds (${v.vsOneGroupMin}–${v.vsOneGroupMax})`, '≥ 0.5; ×1.9 on 2')),
  ...(propagation ?? []).map((p) => row(`Propagation to all of ${p.tabs} tabs`, `p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms`, [p.loadAverage ? `machine load average ${p.loadAverage[0]} → ${p.loadAverage[1]} (2 cores)` : '', p.tabs === 16 ? `before compact relay p95 103.1 ms (another run) → ratio ${(p.p95Ms / 103.1).toFixed(2)}` : ''].filter(Boolean).join('; '), p.tabs === 16 ? 'p95 < 60 ms' : '')),
  sim && row(`Simulation, 1,000 nodes, 100 ms links, ${sim.blocks} blocks`, `stale ${(sim.staleRate * 100).toFixed(2)} %; every node has a block p95 ${sim.reachAllP95s} s; arrival p95 ${sim.arrivalP95s} s`, `stale predicted by propagation ${(sim.staleExpected * 100).toFixed(2)} %`, 'stale < 2 %, every node p95 < 2 s, arrival p95 < 0.6 s'),
  bundle && row('Initial JS', `${bundle.gzipKB} KB gzipped`, '', '< 120 KB'),
  ingest && row('Heap after syncing', `${ingest.heapAfterSyncMB} MB`, '', ''),
  core?.eviction && row(`Mempool eviction plan, full pool (${f(core.eviction.senders)} senders)`, `${f(core.eviction.heapPlansPerSec)}/s (tail heap)`, `linear scan of every tail ${f(core.eviction.linearScanPlansPerSec)}/s → ×${core.eviction.speedup}`, ''),
].filter(Boolean);
fs.writeFileSync('bench/RESULTS.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
