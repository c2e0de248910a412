// Driving the learn lessons in a real tab: a regtest chain with a transfer in its tip block, the
// node's own verdict for bytes a lesson shows, and axe at desktop and phone widths.
import { expect } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mine, openNode, submitTx } from './node-page';
import { ALICE, BOB, transfer } from '../unit/core/helpers';
import { encodeTx } from '../../src/core/primitives/tx';
import { COIN } from '../../src/core/protocol/consensus';
import { toHex } from '../../src/core/encoding/bytes';

/** A regtest tab whose chain has 6 blocks, the last one holding a transfer from Alice to Bob. */
export async function lessonTab(browser: Browser | BrowserContext, url: string): Promise<Page> {
  const page = await openNode(browser, `${url}?net=regtest#/learn`);
  await mine(page, 5, ALICE.hex);
  const tx = toHex(encodeTx(transfer(ALICE, BOB, 3n * COIN, 0)));
  await submitTx(page, tx);
  await mine(page, 1, BOB.hex);
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-index]'));
  return page;
}

export async function openLesson(page: Page, slug: string): Promise<void> {
  await page.evaluate((s) => (window.location.hash = `#/learn/${s}`), slug);
  await page.locator('#lesson-h').waitFor();
}

/** What the tab's node says about block bytes: its accept result (connected, stored, orphan, duplicate) or the rule it throws. */
export function nodeBlockVerdict(page: Page, hex: string): Promise<string> {
  return page.evaluate(async (h) => {
    try {
      return await window.simplecoin.submitBlockHex(h);
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }, hex);
}

export function nodeTxVerdict(page: Page, hex: string): Promise<string> {
  return page.evaluate((h) => {
    try {
      window.simplecoin.submitTxHex(h);
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }, hex);
}

/** axe finds nothing at 1280 px and at 390 px, and the page does not scroll sideways on the phone. */
export async function expectAccessible(page: Page): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // The lesson content; the app header's contrast belongs to the shell (reported separately).
    const result = await new AxeBuilder({ page } as never).include('main').analyze();
    expect(result.violations.map((v) => `${width}px ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Presses a button from the keyboard: focus, then Enter. */
export async function pressKey(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('Enter');
}
