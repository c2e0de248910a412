// The learn lessons in Chromium: each lesson's action, the JavaScript each route loads (gzipped,
// beyond what was already loaded), the longest main-thread task while it runs (Long Tasks API),
// and screenshots at 1280 and 390 px into docs/screenshots/lessons/. Writes bench/results/learn.json.
// Run after a build: npm run screenshots:lessons.
import { it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { lessonTab, openLesson } from '../tests/e2e/lesson-page';

const SHOTS = 'docs/screenshots/lessons';

/** The action each lesson is for, pressed as a learner would. */
const ACTIONS: Array<[string, (page: Page) => Promise<void>]> = [
  ['hash', async (p) => p.getByLabel('Type anything').pressSequentially(' and a little more', { delay: 20 })],
  ['block', async (p) => {
    await p.getByLabel('Amount (base units), transaction 1').fill('900000000');
    await p.getByRole('button', { name: 'Recompute the merkle root' }).click();
    await p.getByTestId('mine-nonce').click();
    await p.getByTestId('mine-result').waitFor();
  }],
  ['chain', async (p) => {
    await p.locator('[data-testid^=chain-block-] input').first().fill('history, rewritten');
    if (await p.getByTestId('remine').isEnabled()) {
      await p.getByTestId('remine').click();
      await p.getByTestId('remine-cost').waitFor();
    }
  }],
  ['distributed', async (p) => {
    await p.getByTestId('lesson-nodes').waitFor();
    await p.waitForTimeout(500);
    await p.getByTestId('send-forgery').click();
    await p.waitForFunction(() => document.querySelector('[data-testid=reject-log-Ada]')?.getAttribute('data-code'));
  }],
  ['keys', async (p) => {
    await p.getByRole('button', { name: 'Sign' }).click();
    await p.getByLabel('Received message').fill('I, the holder of this key, owe Ada ten coins.');
  }],
  ['mempool', async (p) => {
    for (const id of ['fund', 'pay', 'confirm', 'replay']) {
      await p.getByTestId(id).click();
      await p.waitForTimeout(300);
    }
    await p.getByTestId('replay-verdict').waitFor();
  }],
  ['mining', async (p) => {
    await p.getByTestId('try-16').click();
    await p.getByRole('button', { name: 'Try 1000 nonces' }).click();
    await p.getByLabel('Hash rate multiplier').focus();
    await p.keyboard.press('ArrowRight');
  }],
  ['forks', async (p) => {
    await p.getByTestId('fork-status').waitFor();
    await p.waitForTimeout(500);
    for (const id of ['isolate', 'mine-you', 'mine-ada', 'rejoin']) {
      await p.getByTestId(id).click();
      await p.waitForTimeout(400);
    }
    await p.getByTestId('reorg').waitFor({ timeout: 20_000 });
  }],
];

const gzipOf = (file: string) => zlib.gzipSync(fs.readFileSync(path.join('dist', file)), { level: 9 }).length;

it('learn routes: JS per route, longest main-thread task, screenshots', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const loaded: string[] = [];
    // No service worker: its precache would fetch every chunk at once and hide what each route loads.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    context.on('request', (r) => {
      const m = /\/(assets\/[^?]+\.js)$/.exec(new URL(r.url()).pathname);
      if (m?.[1] && !loaded.includes(m[1])) loaded.push(m[1]);
    });
    await context.addInitScript(() => {
      const w = window as any;
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await lessonTab(context, server.url);
    const initial = [...loaded];
    const routes = [];
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [i, [slug, act]] of ACTIONS.entries()) {
      const before = loaded.length;
      await page.evaluate(() => ((window as any).__longest = 0));
      await openLesson(page, slug);
      await act(page);
      await page.waitForTimeout(300);
      const longest = await page.evaluate(() => (window as any).__longest as number);
      const files = loaded.slice(before);
      routes.push({ route: `#/learn/${slug}`, jsFiles: files, gzipBytes: files.reduce((n, f) => n + gzipOf(f), 0), longestTaskMs: Math.round(longest) });
      const name = `${String(i + 1).padStart(2, '0')}-${slug}`;
      await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/${name}-390.png` });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // Each route opened on its own in a fresh tab: what it loads beyond the initial bundle.
    const alone: Record<string, number> = {};
    for (const [slug] of ACTIONS) {
      const files: string[] = [];
      const fresh = await browser.newContext({ serviceWorkers: 'block' });
      fresh.on('request', (r) => {
        const m = /\/(assets\/[^?]+\.js)$/.exec(new URL(r.url()).pathname);
        if (m?.[1] && !initial.includes(m[1]) && !files.includes(m[1])) files.push(m[1]);
      });
      const p = await fresh.newPage();
      await p.goto(`${server.url}?net=regtest#/learn/${slug}`);
      await p.locator('#lesson-h').waitFor();
      await p.waitForTimeout(500);
      alone[slug] = files.filter((f) => !f.includes('worker')).reduce((n, f) => n + gzipOf(f), 0);
      await fresh.close();
    }
    for (const r of routes) Object.assign(r, { gzipBytesAlone: alone[r.route.slice('#/learn/'.length)] });
    const result = { initial: { jsFiles: initial, gzipBytes: initial.reduce((n, f) => n + gzipOf(f), 0) }, routes };
    console.log(`JS loaded by #/learn before any lesson (initial bundle, learn lab, PWA helper): ${(result.initial.gzipBytes / 1024).toFixed(1)} KB gzipped`);
    for (const r of routes) console.log(`${r.route}: +${(((r as { gzipBytesAlone?: number }).gzipBytesAlone ?? 0) / 1024).toFixed(1)} KB gzipped JS opened alone, +${(r.gzipBytes / 1024).toFixed(1)} KB after the lessons before it; longest main-thread task ${r.longestTaskMs} ms (50 ms is a long task; 0: none)`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/learn.json', `${JSON.stringify(result, null, 2)}\n`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
