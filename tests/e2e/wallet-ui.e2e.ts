import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { mine, openNode, readyPeers, sameTip, waitFor } from './node-page';
import { formatCoins, parseCoins } from '../../src/core/wallet/amount';

// The wallet as a newcomer uses it: one row per payment through two fee bumps on both sides,
// errors in view on a phone, keyboard only, axe, import retry, recovery phrase, payment requests.

const t = useBrowserAndServer();
const PASS = 'correct horse battery';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function createWallet(page: Page): Promise<{ address: string; key: string }> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByTestId('wallet-passphrase').fill(PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(PASS);
  await page.getByTestId('wallet-create').click();
  await expect.poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toMatch(/^scrt1/);
  const key = await page.evaluate(async () => (await window.simplecoin.wallet()).keyHex);
  return { address: (await page.getByTestId('wallet-address').textContent())!, key };
}

/** Presses Tab until the focused element matches `selector`: proves it is reachable by keyboard. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

/** The element is entirely inside the viewport. */
const inView = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const r = document.querySelector(s)!.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.height > 0;
  }, selector);

/** axe on the wallet view (main) and the toasts; the header and navigation belong to the app shell. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('main').include('[data-testid=toasts]').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const rows = (page: Page) => page.getByTestId('history-row');

describe('wallet UI', () => {
  it('keeps one row per payment through two fee bumps, on both sides, sent and bumped by keyboard only', async () => {
    const alice = await openNode(t.browser, `${t.server.url}?net=regtest`);
    const bob = await openNode(t.browser, `${t.server.url}?net=regtest`);
    await waitFor(async () => (await readyPeers(alice)) === 1, 20_000, 'peers');
    const a = await createWallet(alice);
    const b = await createWallet(bob);
    await mine(alice, 3, a.key);
    await sameTip([alice, bob], 20_000);
    await expect.poll(() => alice.getByTestId('balance-spendable').textContent()).not.toBe('0');
    await expect.poll(() => alice.getByTestId('history-rewards').first().textContent()).toMatch(/3 mining rewards/);
    // Regtest rewards mature after 2 blocks: at height 3 the reward of block 3 waits one more block.
    await expect.poll(() => alice.getByTestId('balance-unlock').textContent()).toMatch(/^spendable in 1 block, about \d+ (s|min)$/);
    expect(await alice.getByTestId('reward-lock').textContent()).toMatch(/^1 still locked; the next spendable in 1 block, about/);
    await expect.poll(() => alice.getByTestId('toasts').textContent()).toMatch(/You found block/);
    const before = parseCoins((await alice.getByTestId('balance-confirmed').textContent())!);

    // On a phone, scrolled down: errors appear next to their field, in view, with focus on it.
    await alice.setViewportSize(PHONE);
    await alice.getByTestId('send-to').fill(b.address.slice(0, -1) + (b.address.endsWith('q') ? 'p' : 'q'));
    await alice.getByTestId('send-amount').fill('2');
    await alice.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await alice.getByTestId('send-amount').press('Enter');
    await expect.poll(() => alice.getByTestId('send-to-error').textContent()).toMatch(/checksum/);
    expect(await alice.getByTestId('send-to').getAttribute('aria-invalid')).toBe('true');
    expect(await alice.evaluate(() => document.activeElement?.id)).toBe('send-to');
    expect(await inView(alice, '#send-to-error')).toBe(true);
    await alice.getByTestId('send-to').fill(b.address);
    await alice.getByTestId('send-amount').fill('100000');
    await alice.evaluate(() => window.scrollTo(0, 0));
    await alice.getByTestId('send-to').press('Enter');
    await expect.poll(() => alice.getByTestId('send-amount-error').textContent()).toMatch(/Insufficient funds/);
    expect(await alice.evaluate(() => document.activeElement?.id)).toBe('send-amount');
    expect(await inView(alice, '#send-amount-error')).toBe(true);
    expect(await alice.getByTestId('send-to').getAttribute('aria-invalid')).toBeNull();
    expect(await axe(alice)).toEqual([]);
    await alice.setViewportSize(DESKTOP);
    expect(await axe(alice)).toEqual([]);

    // Keyboard only from here: send 2 coins.
    await alice.getByTestId('send-to').fill('');
    await alice.getByTestId('send-amount').fill('');
    await alice.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(alice, '#send-to');
    await alice.keyboard.type(b.address);
    await tabTo(alice, '#send-amount');
    await alice.keyboard.type('2');
    await alice.keyboard.press('Enter');
    await tabTo(alice, '[data-testid=send-confirm]');
    await alice.keyboard.press('Enter');
    await expect.poll(() => rows(alice).count()).toBe(1);
    await expect.poll(() => rows(bob).count(), { timeout: 20_000 }).toBe(1);

    // Bump twice, by keyboard: a chosen fee, then the suggested one.
    const fees: bigint[] = [];
    for (const chosen of ['0.0005', null]) {
      await tabTo(alice, '[data-testid=bump-open]');
      await alice.keyboard.press('Enter');
      await alice.getByTestId('bump-dialog').waitFor();
      const current = parseCoins((await alice.getByTestId('bump-current').textContent())!);
      expect(current).toBe(fees.at(-1) ?? parseCoins((await alice.evaluate(() => (document.querySelector('#send-fee') as HTMLInputElement | null)?.placeholder ?? '0.00001'))));
      await tabTo(alice, '#bump-fee');
      if (chosen) {
        await alice.keyboard.press('ControlOrMeta+a');
        await alice.keyboard.type(chosen);
      }
      fees.push(parseCoins(await alice.locator('#bump-fee').inputValue()));
      await alice.keyboard.press('Enter');
      await expect.poll(() => alice.getByTestId('bump-dialog').count()).toBe(0);
      await expect.poll(() => rows(alice).first().textContent()).toContain(`fee ${formatCoins(fees.at(-1)!)}`);
    }
    expect(fees[0]).toBe(parseCoins('0.0005'));
    expect(fees[1]!).toBeGreaterThan(fees[0]!);
    const fee = fees[1]!;
    await expect.poll(() => rows(bob).first().textContent(), { timeout: 20_000 }).toContain(`fee ${formatCoins(fee)}`);
    for (const p of [alice, bob]) expect(await rows(p).count()).toBe(1);

    // The history is one tab stop (plus the pending row's button); arrow keys move within it.
    const stops = await alice.evaluate(() => [...document.querySelectorAll('[data-testid=history] a, [data-testid=history] button')].filter((e) => (e as HTMLElement).tabIndex >= 0).length);
    expect(stops).toBe(2);

    await mine(alice, 1, 'cd'.repeat(32));
    await sameTip([alice, bob], 20_000);
    for (const [page, text] of [[alice, 'Sent to'], [bob, 'Received from']] as const) {
      await expect.poll(() => rows(page).getAttribute('data-status'), { timeout: 20_000 }).toBe('confirmed');
      expect(await rows(page).count()).toBe(1);
      const row = (await rows(page).textContent())!;
      expect(row).toContain(text);
      expect(row).toContain('fee raised 2 times');
      expect(row).toContain(page === alice ? b.address.slice(-4) : a.address.slice(-4));
    }
    expect(await rows(bob).getByTestId('row-status').textContent()).toBe('confirmed (1)');
    await expect.poll(() => bob.getByTestId('balance-confirmed').textContent()).toBe('2');
    expect(await bob.getByTestId('balance-after-pending').textContent()).toBe('2');
    await expect.poll(() => alice.getByTestId('balance-confirmed').textContent()).toBe(formatCoins(before - parseCoins('2') - fee));
    await expect.poll(() => bob.getByTestId('toasts').textContent()).toMatch(/confirmed in block/);
    // Arrow keys: from the payment (newest) down to the rewards group, and the tab stop follows.
    await alice.locator('[data-testid=history] [data-row-link]').first().focus();
    await alice.keyboard.press('ArrowDown');
    expect(await alice.evaluate(() => document.activeElement?.closest('li')?.dataset.testid)).toBe('history-rewards');
    expect(await alice.evaluate(() => (document.activeElement as HTMLElement).tabIndex)).toBe(0);

    // A payment request link fills in Bob's send form.
    await alice.getByText('Ask for an amount (payment request)').click();
    await alice.locator('#request-amount').fill('1.25');
    const link = (await alice.getByTestId('request-link').getAttribute('href'))!;
    expect(link).toContain(`#/wallet/pay/${a.address}?amount=1.25`);
    await bob.goto(link);
    await expect.poll(() => bob.getByTestId('send-to').inputValue()).toBe(a.address);
    expect(await bob.getByTestId('send-amount').inputValue()).toBe('1.25');
    for (const p of [alice, bob]) await p.context().close();
  }, 120_000);

  it('imports a backup with a retried passphrase, restores from the recovery phrase, and shows a locked wallet', async () => {
    const alice = await openNode(t.browser, `${t.server.url}?net=regtest`);
    const a = await createWallet(alice);
    await mine(alice, 2, a.key);
    // The recovery phrase, checked word by word.
    await alice.getByTestId('phrase-show').click();
    // The words appear once the phrase codec (with its word list) has loaded on demand.
    await alice.getByTestId('phrase-words').waitFor();
    const words = (await alice.getByTestId('phrase-words').locator('li').allTextContents()).map((w) => w.replace(/^\s*\d+\.\s*/, '').trim());
    expect(words).toHaveLength(24);
    await alice.getByTestId('phrase-written').click();
    const inputs = alice.getByTestId('phrase-check-word');
    const labels = await alice.locator('[data-testid=backup-card] label').allTextContents();
    await inputs.nth(0).fill('wrong');
    for (let i = 1; i < 3; i++) await inputs.nth(i).fill(words[Number(/\d+/.exec(labels[i]!)![0]) - 1]!);
    await alice.getByTestId('phrase-check').click();
    await expect.poll(() => alice.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await inputs.nth(0).fill(words[Number(/\d+/.exec(labels[0]!)![0]) - 1]!);
    await alice.getByTestId('phrase-check').click();
    await expect.poll(() => alice.getByTestId('toasts').textContent()).toMatch(/Recovery phrase checked/);
    expect(await alice.getByTestId('backup-card').count()).toBe(0);

    const download = alice.waitForEvent('download');
    await alice.getByRole('button', { name: 'Download backup file' }).click();
    const file = fs.readFileSync(await (await download).path());

    // Import: choose the file, a wrong passphrase, then the right one without choosing the file again.
    const carol = await openNode(t.browser, `${t.server.url}?net=regtest#/wallet`);
    await carol.setViewportSize(PHONE);
    await carol.getByTestId('mode-import').click();
    await carol.getByTestId('import-file').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: file });
    await carol.getByTestId('import-passphrase').fill('not the passphrase');
    await carol.getByTestId('import-submit').click();
    await expect.poll(() => carol.getByTestId('wallet-passphrase-error').textContent(), { timeout: 20_000 }).toMatch(/Wrong passphrase/);
    expect(await carol.evaluate(() => document.activeElement?.id)).toBe('wallet-passphrase');
    expect(await inView(carol, '#wallet-passphrase-error')).toBe(true);
    expect(await axe(carol)).toEqual([]);
    await carol.getByTestId('import-passphrase').fill(PASS);
    await carol.getByTestId('import-submit').click();
    await expect.poll(() => carol.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toBe(a.address);

    // Locked: address, balance and history stay; only sending needs the passphrase.
    await carol.getByRole('button', { name: 'Lock' }).click();
    await carol.getByTestId('wallet-unlock').waitFor();
    expect(await carol.getByTestId('wallet-address').textContent()).toBe(a.address);
    await expect.poll(() => carol.getByTestId('balance-confirmed').textContent()).toBe(await alice.getByTestId('balance-confirmed').textContent());
    expect(await carol.getByTestId('history-rewards').count()).toBe(1);
    expect(await carol.getByTestId('send-to').count()).toBe(0);
    expect(await axe(carol)).toEqual([]);

    // Restore from the phrase in a fresh browser: the same address.
    const dave = await openNode(t.browser, `${t.server.url}?net=regtest#/wallet`);
    await dave.getByTestId('mode-restore').click();
    await dave.getByTestId('restore-phrase').fill(words.join(' '));
    await dave.getByTestId('wallet-passphrase').fill('another passphrase');
    await dave.getByTestId('wallet-passphrase-repeat').fill('another passphrase');
    await dave.getByTestId('restore-submit').click();
    await expect.poll(() => dave.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toBe(a.address);
    expect(await dave.getByTestId('backup-card').count()).toBe(0);
    for (const p of [alice, carol, dave]) await p.context().close();
  }, 120_000);
});
