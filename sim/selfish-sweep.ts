// `npm run sim:selfish`: the selfish-mining sweep. For each hash share α = 0.10 … 0.45 and tie
// share γ = 0 and 0.5, RUNS seeded runs of sim/selfish.ts (SM1 over real chains); the attacker's
// pooled share of main-chain blocks beside Eyal–Sirer's R(α, γ). Writes the key `selfish` of
// sim/results.json (keeping the rest), the same points to src/lab/selfish-sweep.json (what the lab
// view shows beside a live run) and the plot docs/selfish-mining.svg (`-- --plot`: redraw only).
import fs from 'node:fs';
import { simulateSelfish, type SelfishResult } from './selfish';
import { selfishRevenue, selfishThreshold, type SelfishSweepPoint } from '../src/lab/selfish-miner';
import { renderChart } from './plot';

const seed = Number(process.env.SIM_SEED ?? 7);
const quick = process.argv.includes('--quick');
const RUNS = quick ? 2 : 4;
const BLOCKS = quick ? 2_000 : 20_000;
const alphas = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45];
const gammas = [0, 0.5];

export type SweepPoint = SelfishSweepPoint & { wallSeconds: number };

// --plot: only redraw docs/selfish-mining.svg from the figures already in sim/results.json.
const plotOnly = process.argv.includes('--plot');
const results = fs.existsSync('sim/results.json') ? (JSON.parse(fs.readFileSync('sim/results.json', 'utf8')) as Record<string, unknown>) : {};
const points: SweepPoint[] = plotOnly ? ((results.selfish as { points: SweepPoint[] } | undefined)?.points ?? []) : [];
for (const gamma of plotOnly ? [] : gammas) {
  for (const [i, alpha] of alphas.entries()) {
    const runs: SelfishResult[] = [];
    for (let r = 0; r < RUNS; r++) runs.push(await simulateSelfish({ seed: seed * 1_000 + i * 10 + r, alpha, gamma, blocks: BLOCKS }));
    const attacker = runs.reduce((n, r) => n + r.attackerBlocks, 0);
    const main = runs.reduce((n, r) => n + r.mainChain, 0);
    const shares = runs.map((r) => r.share);
    const mean = shares.reduce((a, b) => a + b, 0) / RUNS;
    const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / (RUNS - 1));
    const p: SweepPoint = {
      alpha,
      gamma,
      runs: RUNS,
      blocksPerRun: BLOCKS,
      share: +(attacker / main).toFixed(4),
      shareStdError: +(sd / Math.sqrt(RUNS)).toFixed(4),
      theory: +selfishRevenue(alpha, gamma).toFixed(4),
      staleRate: +(1 - main / (RUNS * BLOCKS)).toFixed(4),
      wallSeconds: +runs.reduce((n, r) => n + r.wallSeconds, 0).toFixed(1),
    };
    points.push(p);
    console.log(
      `α ${alpha.toFixed(2)} γ ${gamma.toFixed(1)}  share ${p.share.toFixed(4)} ± ${p.shareStdError.toFixed(4)}  theory ${p.theory.toFixed(4)}  honest ${alpha.toFixed(4)}  stale ${(p.staleRate * 100).toFixed(1)}%  (${p.wallSeconds}s wall)`,
    );
  }
}

if (!plotOnly) {
  results.selfish = {
    source: 'Eyal & Sirer, Majority is not enough: Bitcoin mining is vulnerable (FC 2014), SM1 and eq. 8',
    seed,
    quick,
    thresholds: Object.fromEntries(gammas.map((g) => [`gamma${g}`, +selfishThreshold(g).toFixed(4)])),
    points,
  };
  fs.writeFileSync('sim/results.json', `${JSON.stringify(results, null, 2)}\n`);
}

const selfish = results.selfish as { seed: number; points: SweepPoint[] } | undefined;
if (selfish) fs.writeFileSync('src/lab/selfish-sweep.json', `${JSON.stringify({ seed: selfish.seed, points: selfish.points.map(({ wallSeconds: _, ...p }) => p) }, null, 2)}\n`);

const curve = (gamma: number) => Array.from({ length: 101 }, (_, k): [number, number] => [k * 0.005, selfishRevenue(k * 0.005, gamma)]);
const colours = ['#c0392b', '#2471a3'];
const svg = renderChart({
  title: 'Selfish mining (SM1): simulated vs Eyal–Sirer',
  xLabel: 'attacker share of hash rate α',
  yLabel: 'attacker share of main-chain blocks',
  x: [0, 0.5],
  y: [0, 0.8],
  ticks: 5,
  curves: [
    { label: 'honest mining: share = α', colour: '#777', dashed: true, points: [[0, 0], [0.5, 0.5]] },
    ...gammas.map((g, i) => ({ label: `Eyal–Sirer R(α, γ = ${g})`, colour: colours[i]!, points: curve(g) })),
  ],
  measured: gammas.map((g, i) => ({
    label: `simulated, γ = ${g} (${points[0]?.runs ?? RUNS} × ${(points[0]?.blocksPerRun ?? BLOCKS).toLocaleString('en')} blocks, ±2 s.e.)`,
    colour: colours[i]!,
    points: points.filter((p) => p.gamma === g).map((p): [number, number, number] => [p.alpha, p.share, 2 * p.shareStdError]),
  })),
});
fs.writeFileSync('docs/selfish-mining.svg', svg);
console.log(plotOnly ? 'wrote src/lab/selfish-sweep.json and docs/selfish-mining.svg' : 'wrote sim/results.json (selfish), src/lab/selfish-sweep.json and docs/selfish-mining.svg');
