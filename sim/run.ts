// `npm run sim`: the protocol at 100 and 1,000 nodes on simulated time, and beside the Bitcoin
// network Decker & Wattenhofer measured in 2013; then the eclipse attack (sim/eclipse.ts) with the
// defences on and off. Writes sim/results.json and prints a table.
// `npm run sim -- --only=eclipse` runs just the eclipse scenario and keeps the other results;
// `--only=ours-100,ours-1000` runs just those scenarios (and no eclipse), keeping the rest.
// `--only=ours-1000-200` is the stale-rate run: 200 blocks at 1,000 nodes (about 30 minutes of one
// core), so it runs only when named; a stale rate needs that many blocks to be a count, not noise.
import fs from 'node:fs';
import { simulate, type Scenario, type SimResult } from './world';
import { simulateEclipse, type EclipseResult, type EclipseScenario } from './eclipse';

const seed = Number(process.env.SIM_SEED ?? 7);
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const ours: Omit<Scenario, 'name' | 'nodes'> = {
  seed,
  blocks: quick ? 10 : 20,
  intervalS: 30,
  latencyMedianMs: 100,
  latencySigma: 0.5,
  bandwidthBps: 10_000_000,
  loss: 0.01,
  blockBytes: 2_000,
  validateMs: 2,
};

// Decker & Wattenhofer 2013: 600 s blocks of ~200 KB on a slower network, each hop validating
// before relaying (verification took on the order of a second per block then).
const bitcoin2013: Omit<Scenario, 'name' | 'nodes'> = {
  seed,
  blocks: quick ? 5 : 10,
  intervalS: 600,
  latencyMedianMs: 150,
  latencySigma: 0.7,
  bandwidthBps: 2_000_000,
  loss: 0.01,
  blockBytes: 200_000,
  validateMs: 1_000,
};

const scenarios: Scenario[] = [
  { ...ours, name: 'ours-100', nodes: 100 },
  { ...ours, name: 'ours-100-partition', nodes: 100, partition: { afterBlock: quick ? 3 : 10, durationS: 300 } },
  { ...ours, name: 'ours-1000', nodes: quick ? 300 : 1_000 },
  { ...bitcoin2013, name: 'bitcoin2013-params-1000', nodes: quick ? 300 : 1_000 },
  { ...ours, name: 'ours-1000-200', nodes: 1_000, blocks: 200 },
];
/** Scenarios too long for the default run: only `--only=` names them. */
const onDemand = new Set(['ours-1000-200']);

const previous = fs.existsSync('sim/results.json') ? (JSON.parse(fs.readFileSync('sim/results.json', 'utf8')) as { results?: SimResult[] }) : {};
const chosen = only === undefined ? scenarios.filter((sc) => !onDemand.has(sc.name)) : scenarios.filter((sc) => only.split(',').includes(sc.name));
const results: SimResult[] = (previous.results ?? []).filter((r) => (only !== undefined || onDemand.has(r.scenario)) && !chosen.some((sc) => sc.name === r.scenario));
for (const sc of chosen) {
  const r = await simulate(sc);
  results.push(r);
  results.sort((a, b) => scenarios.findIndex((sc) => sc.name === a.scenario) - scenarios.findIndex((sc) => sc.name === b.scenario));
  console.log(
    `${r.scenario.padEnd(26)} nodes ${String(r.nodes).padStart(5)}  blocks ${String(r.blocks).padStart(3)}  arrival p50 ${r.arrivalP50s}s p95 ${r.arrivalP95s}s p99 ${r.arrivalP99s}s  all-nodes p95 ${r.reachAllP95s}s (no race: ${r.reachAllUncontestedP95s}s)  stale ${(r.staleRate * 100).toFixed(2)}% (expected ${(r.staleExpected * 100).toFixed(2)}%)  converge ${r.convergeAfterHealS ?? '-'}s  (${r.wallSeconds}s wall, ${r.events} events)`,
  );
  const l = r.lag;
  console.log(`${''.padEnd(26)} lagging (> 2 s): ${l.slowArrivals} arrivals at ${l.slowNodes} nodes with p50 ${l.slowNodeReadyPeersP50} ready peers (all nodes: ${l.readyPeersP50}); isolated nodes at mining ${l.isolatedAtMining}; stale blocks mined on a lagging tip ${l.staleByLaggingMiner}`);
}
const reference = { source: 'Decker & Wattenhofer, Information propagation in the Bitcoin network (2013)', medianS: 6.5, p95S: 40, staleRate: 0.0169 };
console.log(`Bitcoin 2013 as measured:  median ${reference.medianS}s, p95 ${reference.p95S}s, stale ${(reference.staleRate * 100).toFixed(2)}%`);

// The eclipse attack: 8 honest peers, 50 attacker keys, one simulated hour, a restart halfway.
const attack: Omit<EclipseScenario, 'name' | 'defences'> = { seed, honest: 8, attackerKeys: 50, durationS: quick ? 600 : 3_600, intervalS: 60, restartAtS: quick ? 300 : 1_800 };
const previousEclipse = (previous as { eclipse?: EclipseResult[] }).eclipse ?? [];
const eclipse: EclipseResult[] = only === undefined || only === 'eclipse' ? [] : previousEclipse;
for (const defences of only === undefined || only === 'eclipse' ? [true, false] : []) {
  const r = await simulateEclipse({ ...attack, name: defences ? 'eclipse-defended' : 'eclipse-counterfactual', defences });
  eclipse.push(r);
  console.log(
    `${r.scenario.padEnd(26)} ${r.simulatedS}s, ${r.honestPeers} honest, ${r.attackerKeys} attacker keys: eclipsed ${(r.eclipsedFraction * 100).toFixed(2)}% (${r.eclipsedS}s), fewest honest outbound ${r.minHonestOutbound}, victim block delay p95 ${r.victimBlockDelayP95S}s max ${r.victimBlockDelayMaxS}s, attacker ids ${(r.attackerShareOfKnown * 100).toFixed(0)}% of ${r.knownPeers} known  (${r.wallSeconds}s wall)`,
  );
}
fs.writeFileSync('sim/results.json', `${JSON.stringify({ ...previous, seed, quick, results, reference, eclipse }, null, 2)}\n`);
