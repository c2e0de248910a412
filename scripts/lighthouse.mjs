// `npm run lighthouse`: Lighthouse's mobile audit of every main view, as a first-time visitor sees it,
// against the `npm start` server (built if needed) on 127.0.0.1 and a free port, in Debian's
// Chromium. It records the accessibility score and the cumulative layout shift (the one figure of
// the performance category that issue 16 sets a bar for) in docs/lighthouse.json, prints a table,
// and exits 1 when a view misses a bar: accessibility 100, CLS < 0.1. Too heavy for `npm test`;
// the e2e quality test measures CLS on every run. Run it under the machine's browser lock:
//   flock /tmp/browser.lock npm run lighthouse
import fs from 'node:fs';
import path from 'node:path';
import { root, startServer } from './serve.mjs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const outFile = path.join(root, 'docs', 'lighthouse.json');
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWS = [
  ['start', '#/'],
  ['wallet', '#/wallet'],
  ['mine', '#/mine'],
  ['explorer', '#/explorer'],
  ['learn', '#/learn'],
  ['class', '#/class'],
  ['node', '#/node'],
];
const BARS = { accessibility: 100, cls: 0.1 };

/** The audits that cost points: accessibility's failed ones, and each layout shift's element. */
function findings(lhr) {
  const failed = lhr.categories.accessibility.auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => ({ audit: ref.id, nodes: (lhr.audits[ref.id].details?.items ?? []).map((item) => item.node?.selector ?? item.node?.snippet).filter(Boolean).slice(0, 5) }));
  const shifts = (lhr.audits['layout-shifts']?.details?.items ?? []).map((item) => ({ score: Number(item.score.toFixed(4)), node: item.node?.selector ?? item.node?.snippet ?? '(unknown)' }));
  return { failed, shifts };
}

async function main() {
  const server = await startServer();
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  const rows = [];
  let lighthouseVersion = '';
  let userAgent = '';
  try {
    for (const [view, hash] of VIEWS) {
      const url = `${server.url}${hash}`;
      // The default config is the mobile one (a Moto G-class screen, simulated slow 4G and CPU).
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['accessibility', 'performance'], formFactor: 'mobile' });
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${view}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      lighthouseVersion = lhr.lighthouseVersion;
      userAgent = lhr.environment.hostUserAgent;
      const accessibility = Math.round(lhr.categories.accessibility.score * 100);
      const cls = Number(lhr.audits['cumulative-layout-shift'].numericValue.toFixed(4));
      rows.push({ view, hash, accessibility, cls, ...findings(lhr) });
      console.log(`${view}: accessibility ${accessibility}, CLS ${cls}`);
    }
  } finally {
    await chrome.kill();
    await server.stop();
  }
  const report = {
    tool: `lighthouse ${lighthouseVersion}`,
    browser: userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? userAgent,
    formFactor: 'mobile (Lighthouse default: 412×823 screen, simulated slow 4G, 4× CPU slowdown)',
    visit: 'first visit: storage cleared before each view, main network, no peers reachable',
    bars: BARS,
    measuredAt: new Date().toISOString(),
    views: rows,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${report.tool}, ${report.browser}, ${report.formFactor}\n`);
  console.log('| view | hash | accessibility | CLS | findings |');
  console.log('| --- | --- | ---: | ---: | --- |');
  for (const r of rows) {
    const notes = [...r.failed.map((f) => `${f.audit}: ${f.nodes.join(', ')}`), ...r.shifts.filter((s) => s.score > 0).map((s) => `shift ${s.score} ${s.node}`)];
    console.log(`| ${r.view} | ${r.hash} | ${r.accessibility} | ${r.cls} | ${notes.join('; ') || '—'} |`);
  }
  console.log(`\nwrote ${path.relative(root, outFile)}`);
  const missed = rows.filter((r) => r.accessibility < BARS.accessibility || r.cls >= BARS.cls);
  if (missed.length > 0) {
    console.error(`below the bar (accessibility ${BARS.accessibility}, CLS < ${BARS.cls}): ${missed.map((r) => r.view).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
