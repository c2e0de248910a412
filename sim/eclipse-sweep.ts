// `npm run sim:eclipse`: the eclipse counterfactual (attack lab scenario 5). For each attacker
// size (node keys), VICTIMS seeded victims each face the attack of sim/eclipse.ts for DURATION_S
// simulated seconds, their tab restarting at RESTART_S, once with the eclipse defences (addrman
// buckets, route-shared outbound slots, anchors, eviction) and once without (one flat table, any
// route, no anchors or eviction). A victim is eclipsed if, in any second after it started, none of
// its outbound peers was honest. Writes the key `eclipseSweep` of sim/results.json (keeping the
// rest), the same points to src/lab/eclipse-counterfactual.json (what the lab view shows) and the
// plot docs/eclipse.svg (`-- --plot`: redraw only).
import fs from 'node:fs';
import { simulateEclipse } from './eclipse';
import { renderChart } from './plot';
import type { EclipseCounterfactualPoint } from '../src/lab/eclipse-watch';

const seed = Number(process.env.SIM_SEED ?? 7);
const quick = process.argv.includes('--quick');
const VICTIMS = quick ? 2 : 5;
const DURATION_S = 300;
const RESTART_S = 120;
const HONEST = 8;
const sizes = quick ? [25, 400] : [25, 100, 200, 400];

export interface EclipseSweepPoint extends EclipseCounterfactualPoint {
  wallSeconds: number;
}

const plotOnly = process.argv.includes('--plot');
const results = fs.existsSync('sim/results.json') ? (JSON.parse(fs.readFileSync('sim/results.json', 'utf8')) as Record<string, unknown>) : {};
const points: EclipseSweepPoint[] = plotOnly ? ((results.eclipseSweep as { points: EclipseSweepPoint[] } | undefined)?.points ?? []) : [];
for (const attackerKeys of plotOnly ? [] : sizes) {
  for (const defences of [true, false]) {
    const runs = [];
    for (let v = 0; v < VICTIMS; v++) {
      runs.push(await simulateEclipse({ name: `sweep-${attackerKeys}-${v}`, seed: seed * 1_000 + v, honest: HONEST, attackerKeys, durationS: DURATION_S, intervalS: 60, restartAtS: RESTART_S, defences }));
    }
    const eclipsed = runs.filter((r) => r.eclipsedS > 0).length;
    const p: EclipseSweepPoint = {
      attackerKeys,
      defences,
      victims: VICTIMS,
      eclipsedVictims: eclipsed,
      eclipsedFraction: +(eclipsed / VICTIMS).toFixed(4),
      eclipsedTimeFraction: +(runs.reduce((n, r) => n + r.eclipsedFraction, 0) / VICTIMS).toFixed(4),
      minHonestOutbound: Math.min(...runs.map((r) => r.minHonestOutbound)),
      wallSeconds: +runs.reduce((n, r) => n + r.wallSeconds, 0).toFixed(1),
    };
    points.push(p);
    console.log(`${String(attackerKeys).padStart(4)} attacker keys, defences ${defences ? 'on ' : 'off'}: ${eclipsed}/${VICTIMS} victims eclipsed, ${(p.eclipsedTimeFraction * 100).toFixed(1)}% of the time, fewest honest outbound ${p.minHonestOutbound}  (${p.wallSeconds}s wall)`);
  }
}

if (!plotOnly) {
  results.eclipseSweep = { source: 'sim/eclipse.ts: one victim, 8 honest peers, attacker keys flooding addr and inbound slots, a tab restart', seed, quick, honestPeers: HONEST, durationS: DURATION_S, restartAtS: RESTART_S, points };
  fs.writeFileSync('sim/results.json', `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync('src/lab/eclipse-counterfactual.json', `${JSON.stringify({ seed, honestPeers: HONEST, durationS: DURATION_S, points: points.map(({ wallSeconds: _, ...p }) => p) }, null, 2)}\n`);
}

const line = (defences: boolean) => points.filter((p) => p.defences === defences).map((p): [number, number] => [p.attackerKeys, p.eclipsedFraction]);
// Error bars: two binomial standard errors of the fraction of victims.
const bars = (defences: boolean) => points.filter((p) => p.defences === defences).map((p): [number, number, number] => [p.attackerKeys, p.eclipsedFraction, 2 * Math.sqrt((p.eclipsedFraction * (1 - p.eclipsedFraction)) / p.victims)]);
const svg = renderChart({
  title: 'Eclipse attempt: victims eclipsed, defences on vs off',
  xLabel: 'attacker node keys',
  yLabel: 'fraction of victims eclipsed',
  x: [0, 400],
  y: [0, 1],
  ticks: 4,
  curves: [
    { label: 'defences off (flat table, any route, no anchors)', colour: '#c0392b', points: line(false) },
    { label: 'defences on (buckets, route slots, anchors, eviction)', colour: '#2471a3', points: line(true) },
  ],
  measured: [
    { label: `simulated, ${points[0]?.victims ?? VICTIMS} victims per point, ±2 s.e.`, colour: '#c0392b', points: bars(false) },
    { label: `simulated, ${points[0]?.victims ?? VICTIMS} victims per point, ±2 s.e.`, colour: '#2471a3', points: bars(true) },
  ],
});
fs.writeFileSync('docs/eclipse.svg', svg);
console.log(plotOnly ? 'wrote docs/eclipse.svg' : 'wrote sim/results.json (eclipseSweep), src/lab/eclipse-counterfactual.json and docs/eclipse.svg');
