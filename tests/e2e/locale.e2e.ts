import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { openNode } from './node-page';

// The language: chosen from the browser, switchable in the footer, remembered, and <html lang>
// follows it; the German and Spanish pages stay free of axe findings.

const t = useBrowserAndServer();
const VIEWS = ['#/', '#/wallet', '#/mine', '#/explorer', '#/network', '#/node', '#/learn', '#/learn/block'];

async function heading(page: Page, hash: string): Promise<string> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  return (await page.locator('main h2').first().textContent({ timeout: 20_000 }))!.trim();
}

async function axeFindings(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const hash of VIEWS) {
    await heading(page, hash);
    await page.waitForTimeout(300);
    const axe = await new AxeBuilder({ page }).analyze();
    found.push(...axe.violations.map((v) => `${hash} axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  }
  return found;
}

describe('locales', () => {
  it('switching to German shows German everywhere, is remembered, and axe stays clean', async () => {
    const context = await t.browser.newContext();
    const page = await openNode(context, `${t.server.url}?net=regtest`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await heading(page, '#/')).toBe('Welcome to SimpleCoin');

    await page.getByLabel('Language').selectOption('de');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await heading(page, '#/')).toBe('Willkommen bei SimpleCoin');
    expect(await page.locator('nav[aria-label="Bereiche"] a').allTextContents()).toContain('Knoten');
    expect(await page.title()).toMatch(/^Start · SimpleCoin/);
    expect(await heading(page, '#/mine')).toBe('Minen');
    expect(await page.getByTestId('mine-toggle').textContent()).toMatch(/Minen starten/);
    expect(await heading(page, '#/learn/hash')).toBe('1. Hash');
    await expect.poll(() => page.getByTestId('flipped').textContent()).toMatch(/von 256 Bits gekippt/);
    expect(await axeFindings(page)).toEqual([]);

    await page.reload();
    await page.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
    expect(await heading(page, '#/wallet')).toBe('Wallet');
    expect(await page.getByText('Neue Wallet anlegen').count()).toBe(1);
    // An error thrown by the wallet below the app, by its code, in German next to its field.
    await page.getByTestId('wallet-passphrase').fill('kurz');
    await page.getByTestId('wallet-passphrase-repeat').fill('kurz');
    await page.getByTestId('wallet-create').click();
    expect(await page.getByTestId('wallet-passphrase-error').textContent({ timeout: 10_000 })).toBe('Wähle eine Passphrase mit mindestens 8 Zeichen.');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await context.close();
  }, 180_000);

  it('a browser asking for es-ES starts in Spanish', async () => {
    const context = await t.browser.newContext({ locale: 'es-ES' });
    const page = await openNode(context, `${t.server.url}?net=regtest`);
    // The node can be ready before the Spanish catalogue arrives; the page mounts only after it.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await heading(page, '#/')).toBe('Bienvenido a SimpleCoin');
    expect(await page.getByLabel('Idioma').inputValue()).toBe('es');
    expect(await heading(page, '#/explorer')).toBe('Explorador');
    expect(await axeFindings(page)).toEqual([]);
    // The Learn messages came in Spanish with the route; a language chosen later brings its own.
    expect(await heading(page, '#/learn')).toBe('Aprender haciendo');
    await page.getByLabel('Idioma').selectOption('en');
    await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Learn by doing');
    await context.close();
  }, 180_000);
});
