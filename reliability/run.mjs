// `npm run reliability`: the long runs of the hardening suite, then docs/RELIABILITY.md.
//   fuzzing: 1,000,000 decoder cases and 1,000,000 handler cases (seeded)
//   the hostile-peer catalogue over real data channels
//   100 renderer kills during sync, mining and reorgs
//   a 12-tab soak of 10 minutes
// Each run writes reliability/results/<name>.json; report.mjs turns them into the document.
// RELIABILITY_ONLY=crash,soak runs a subset (the others keep their last results).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const only = process.env.RELIABILITY_ONLY?.split(',');
const OUT = 'reliability/results';
fs.mkdirSync(OUT, { recursive: true });

const runs = [
  { name: 'fuzz', cmd: ['npx', 'vitest', 'run', 'tests/unit/fuzz', '--testTimeout=3600000'], env: { FUZZ_CASES: '1000000', FUZZ_HANDLER_CASES: '1000000' } },
  { name: 'hostile', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', 'tests/e2e/hostile.e2e.ts'], env: {} },
  { name: 'crash', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', 'tests/e2e/crash.e2e.ts'], env: { CRASH_KILLS: '100' } },
  { name: 'soak', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', 'tests/e2e/soak.e2e.ts'], env: { SOAK_TABS: '12', SOAK_SECONDS: '600' } },
];

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = false;
for (const run of runs) {
  if (only && !only.includes(run.name)) continue;
  const started = Date.now();
  console.log(`\n== ${run.name} ==`);
  const result = spawnSync(run.cmd[0], run.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...run.env, RELIABILITY_OUT: OUT } });
  const status = { name: run.name, passed: result.status === 0, seconds: Math.round((Date.now() - started) / 1000), env: run.env, at: new Date().toISOString() };
  fs.writeFileSync(`${OUT}/${run.name}.status.json`, `${JSON.stringify(status, null, 2)}\n`);
  failed ||= !status.passed;
}

const report = spawnSync(process.execPath, ['reliability/report.mjs'], { stdio: 'inherit' });
process.exit(failed || report.status !== 0 ? 1 : 0);
