import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { mine, openNode, waitFor } from './node-page';
import { decodeAddress } from '../../src/core/primitives/address';
import { REGTEST } from '../../src/core/protocol/networks';
import { toHex } from '../../src/core/encoding/bytes';
import { layoutShiftOf, recordLayoutShifts, type LoadShift } from './layout-shift';

// The quality bars of issue 16, measured on every view at 1280 and 390 px: axe finds no
// violations, touch targets are at least 44 px on the phone, the page title names the view, focus
// lands on the view's heading, the skip link comes first, the fork tree fits or scrolls; the server
// compresses text; the footer names the release; no view's load shifts its layout (CLS < 0.1).

const t = useBrowserAndServer();
const PASS = 'quality passphrase';
const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };

/** Every route, with what its page title must say. */
const VIEWS = [
  ['#/', 'Start'],
  ['#/wallet', 'Wallet'],
  ['#/mine', 'Mine'],
  ['#/class', 'Classroom'],
  ['#/explorer', 'Explorer'],
  ['#/block/1', 'Block'],
  ['#/address/ADDRESS', 'Address'],
  ['#/tx/TXID', 'Transaction'],
  ['#/network', 'Network'],
  ['#/node', 'This node'],
  ['#/learn', 'Learn'],
] as const;

/** A wallet with mined blocks: every view then has something to show. */

async function prepare(page: Page): Promise<{ address: string; txid: string }> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByTestId('wallet-passphrase').fill(PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(PASS);
  await page.getByTestId('wallet-create').click();
  const address = (await page.getByTestId('wallet-address').textContent({ timeout: 20_000 }))!;
  await mine(page, 3, toHex(decodeAddress(REGTEST.hrp, address)));
  await page.evaluate(() => (window.location.hash = '#/block/1'));
  const href = await page.locator('a[href^="#/tx/"]').first().getAttribute('href', { timeout: 10_000 });
  return { address, txid: href!.slice('#/tx/'.length) };
}

/** Interactive elements smaller than 44 × 44 px, except links inside running text (WCAG 2.5.8's inline exception). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.classList.contains('skip')) continue;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) {
        const l = (el.closest('label') as HTMLElement).getBoundingClientRect();
        if (l.height >= 44) continue;
      }
      const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline' && (el.parentElement?.textContent?.trim().length ?? 0) > (el.textContent?.trim().length ?? 0) + 5;
      if (inline) continue;
      if (r.height < 44 || r.width < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

describe('quality bars', () => {
  for (const width of [1280, 390]) {
    it(`every view at ${width} px: axe clean, titled, focus on its heading${width === 390 ? ', 44 px targets, no sideways scroll' : ''}`, async () => {
      const context = await t.browser.newContext({ viewport: { width, height: 900 } });
      const page = await openNode(context, `${t.server.url}?net=regtest`);
      const { address, txid } = await prepare(page);
      const report: string[] = [];
      for (const [hash, title] of VIEWS) {
        const route = hash.replace('ADDRESS', address).replace('TXID', txid);
        await page.evaluate((h) => (window.location.hash = h), route);
        await expect.poll(() => page.title()).toContain(title);
        await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
        await page.waitForTimeout(150);
        const axe = await new AxeBuilder({ page }).analyze();
        const findings = axe.violations.map((v) => `axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        if (width === 390) findings.push(...(await smallTargets(page)).map((s) => `small target ${s}`));
        for (const f of findings) report.push(`${route} ${width}px ${f}`);
        if (width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) report.push(`${route} scrolls sideways by ${overflow} px`);
        }
      }
      // The fork tree scrolls inside its own box rather than widening the page.
      await page.evaluate(() => (window.location.hash = '#/learn'));
      const tree = await page.evaluate(() => {
        const box = document.querySelector('svg[aria-label^="Recent blocks and stale branches"]')?.parentElement;
        return box ? { overflow: getComputedStyle(box).overflowX, fits: box.getBoundingClientRect().right <= window.innerWidth } : null;
      });
      expect(tree).not.toBeNull();
      expect(tree!.fits).toBe(true);
      console.log(`quality ${width}px: ${VIEWS.length} views, ${report.length} findings`);
      expect(report).toEqual([]);
      await context.close();
    });
  }

  it('no view shifts its layout while it loads at 390 px (CLS < 0.1), on a first visit and with a wallet and blocks', async () => {
    // Lighthouse's mobile run slows the CPU 4×, so late content (the node, the wallet, storage
    // figures, peers) arrives after the first paint, where a shift shows; the same here.
    const slowCpu = async (page: Page) => (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
    /** Loads the route as a new document and lets it settle: the node running, then 3 s for what follows it. */
    const load = async (page: Page, url: string): Promise<LoadShift> => {
      await page.goto('about:blank');
      await page.goto(url);
      await page.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p), null, { timeout: 30_000 });
      await page.waitForTimeout(3_000);
      return layoutShiftOf(page);
    };
    const results: Array<[string, LoadShift]> = [];
    for (const [hash] of VIEWS.filter(([h]) => !/ADDRESS|TXID|block/.test(h))) {
      const context = await t.browser.newContext({ viewport: { width: 390, height: 844 } });
      await recordLayoutShifts(context);
      const page = await context.newPage();
      await slowCpu(page);
      results.push([`first visit ${hash}`, await load(page, `${t.server.url}${hash}`)]);
      await context.close();
    }
    const context = await t.browser.newContext({ viewport: { width: 390, height: 844 } });
    await recordLayoutShifts(context);
    const page = await openNode(context, `${t.server.url}?net=regtest`);
    const { address, txid } = await prepare(page);
    await slowCpu(page);
    for (const [hash] of VIEWS) {
      const route = hash.replace('ADDRESS', address).replace('TXID', txid);
      results.push([`with a wallet ${route.slice(0, 24)}`, await load(page, `${t.server.url}?net=regtest${route}`)]);
    }
    await context.close();
    for (const [view, r] of results) {
      const worst = r.shifts.toSorted((a, b) => b.value - a.value)[0];
      console.log(`CLS 390px ${view.padEnd(36)} ${r.cls.toFixed(4)} (all shifts ${r.total.toFixed(4)}, ${r.shifts.length})${worst ? ` largest ${worst.value.toFixed(4)}: ${worst.sources.join(', ')}` : ''}`);
    }
    expect(results.filter(([, r]) => r.cls >= 0.1).map(([view, r]) => `${view}: CLS ${r.cls.toFixed(4)} ${JSON.stringify(r.shifts)}`)).toEqual([]);
  });

  it('keyboard: the skip link is the first stop and lands on the heading; the footer names the release', async () => {
    const page = await openNode(t.browser, `${t.server.url}?net=regtest`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('start-h');
    expect(await page.getByTestId('app-version').textContent()).toBe(version);
    expect(await page.getByTestId('build-id').textContent()).not.toBe('dev');
    await page.context().close();
  });

  it('npm start compresses text responses', async () => {
    // index.html is under compression's 1 kB threshold; the scripts and styles are not.
    const html = await fetch(t.server.url);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(script!, t.server.url), { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const gzipped = Number(js.headers.get('content-length') ?? 0) || (await js.arrayBuffer()).byteLength;
    const raw = await fetch(new URL(script!, t.server.url), { headers: { 'accept-encoding': 'identity' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    console.log(`main script: ${(await raw.arrayBuffer()).byteLength} bytes, sent gzip (${gzipped > 0 ? 'compressed' : '?'})`);
  });

  it('main network with no peers says the tab is alone and what that means', async () => {
    const context = await t.browser.newContext();
    const page = await openNode(context, `${t.server.url}`);
    await waitFor(async () => (await page.getByTestId('sync-status').textContent()) === 'alone', 20_000, 'alone');
    expect(await page.getByTestId('alone').textContent()).toMatch(/alone on the main network.*mining your own chain until someone joins/s);
    // Mining without a wallet: "create a wallet first", with the link.
    await page.getByRole('link', { name: 'Mine', exact: true }).click();
    await page.getByTestId('mine-toggle').click();
    expect(await page.getByTestId('mine-need-wallet').textContent()).toMatch(/Create a wallet first/);
    await page.getByTestId('mine-need-wallet').getByRole('link').click();
    await expect.poll(() => page.title()).toContain('Wallet');
    await context.close();
  });
});
