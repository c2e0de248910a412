import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { waitFor } from './node-page';
import { COIN } from '../../src/core/protocol/consensus';

// Enough to send one coin and its fee: a classmate's coin alone (the student's own reward lost
// in a race) is not.
const CAN_PAY = 2n * COIN;

// Issue 16's scripted newcomers. A teacher creates a class; two students in fresh contexts open
// its link and follow only what the UI offers: a nickname, then the first-run path (create a
// wallet → mine your first block → send a coin), each paying the other one coin on the class
// network's lesson parameters. Ana uses only the keyboard at 1280 px; Ben taps on a 390 px phone.

const t = useBrowserAndServer();
const PASS = 'a newcomer passphrase';

/** Presses Tab until the target has focus: proves it is reachable by keyboard alone. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

interface Student {
  page: Page;
  keyboard: boolean;
  name: string;
}

/** Activates a control the way this student does: Tab then Enter, or a tap. */
async function press(s: Student, target: Locator): Promise<void> {
  if (!s.keyboard) return target.click();
  await tabTo(s.page, target);
  await s.page.keyboard.press('Enter');
}

async function type(s: Student, target: Locator, text: string): Promise<void> {
  if (!s.keyboard) return target.fill(text);
  await tabTo(s.page, target);
  await s.page.keyboard.type(text);
}

const nav = (s: Student, name: string) => press(s, s.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }));
const spendable = (page: Page) =>
  page.evaluate(async () => {
    const w = await window.simplecoin.wallet();
    return String(w.tracker?.balances().spendable ?? 0n);
  });

async function firstRun(s: Student, link: string, other: () => Promise<string | null>): Promise<string> {
  const { page } = s;
  await page.goto(link);
  await page.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p));
  await expect.poll(() => page.title()).toContain('Classroom');
  await type(s, page.getByLabel('Your nickname, shown to classmates'), s.name);
  await press(s, page.getByRole('button', { name: 'Save nickname' }));
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);

  // The path starts on the Start page: step 1.
  await nav(s, 'Start');
  await press(s, page.getByRole('link', { name: 'Create a wallet' }));
  await type(s, page.getByLabel('Passphrase (at least 8 characters)'), PASS);
  await type(s, page.getByLabel('Repeat the passphrase'), PASS);
  await press(s, page.getByRole('button', { name: 'Create wallet' }));
  await page.getByTestId('wallet-address').waitFor({ timeout: 20_000 });
  const address = (await page.getByTestId('wallet-address').textContent())!;

  // Step 2, one click away from the wallet.
  await press(s, page.getByTestId('next-step-link'));
  await expect.poll(() => page.title()).toContain('Mine');
  await expect.poll(() => page.getByLabel('Rewards go to (your address)').inputValue()).toBe(address);
  await press(s, page.getByRole('button', { name: 'Start mining' }));
  await waitFor(async () => Number(await page.getByTestId('blocks-found').textContent()) >= 1, 90_000, `${s.name}'s first block`);

  // Step 3: the classmate's address is on the class page; the reward must have matured.
  const friend = await (async () => {
    await nav(s, 'Class');
    let found: string | null = null;
    await waitFor(async () => (found = await other()) !== null, 60_000, `${s.name} sees a classmate's address`);
    return found as unknown as string;
  })();
  await waitFor(async () => BigInt(await spendable(page)) >= CAN_PAY, 120_000, `${s.name}'s reward matures`);
  await nav(s, 'Wallet');
  await type(s, page.getByLabel('To (address)'), friend);
  await type(s, page.getByLabel('Amount (coins)'), '1');
  // Two miners race: a student's first block can lose to a classmate's, and its reward with it.
  // The wallet then says the funds are not spendable yet; a newcomer waits and reviews again.
  for (let attempt = 1; ; attempt++) {
    await press(s, page.getByRole('button', { name: 'Review' }));
    await page.getByRole('button', { name: 'Confirm and send' }).or(page.getByRole('alert')).first().waitFor();
    const refused = (await page.getByRole('alert').allTextContents()).join(' ');
    if (!/Insufficient funds/.test(refused) || attempt === 5) break;
    await waitFor(async () => BigInt(await spendable(page)) >= CAN_PAY, 120_000, `${s.name}'s reward matures again`);
  }
  if (await page.getByRole('alert').count()) {
    const fields = await Promise.all(['To (address)', 'Amount (coins)'].map((l) => page.getByLabel(l).inputValue()));
    throw new Error(`${s.name} could not send: ${await page.getByRole('alert').allTextContents()} (fields ${fields.join(' | ')}, spendable ${await spendable(page)})`);
  }
  await press(s, page.getByRole('button', { name: 'Confirm and send' }));
  await expect.poll(() => page.getByTestId('history-row').filter({ hasText: 'Sent' }).count(), { timeout: 20_000 }).toBe(1);
  return address;
}

/** The address a student's class page shows for a classmate (not themselves). */
const classmateAddress = (page: Page) => async () => {
  const rows = page.locator('[data-testid=roster-row]:not([data-self]) [data-testid=roster-address]');
  return (await rows.count()) > 0 ? await rows.first().textContent() : null;
};

describe('newcomers in a class', () => {
  it('two students open the class link, each mines a block and pays the other a coin', async () => {
    // The teacher: name → link and QR code.
    const teacher = await (await t.browser.newContext()).newPage();
    await teacher.goto(`${t.server.url}#/class`);
    await teacher.getByLabel('Class name (letters, digits and hyphens)').fill('Newcomers');
    await teacher.getByRole('button', { name: 'Create the class' }).click();
    const link = (await teacher.getByTestId('class-link').textContent())!;
    expect(link).toBe(`${t.server.url}?net=newcomers#/class`);
    expect(await teacher.getByRole('img', { name: /QR code of the link to class newcomers/ }).count()).toBe(1);
    await teacher.context().close();

    const ana: Student = { page: await (await t.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(), keyboard: true, name: 'Ana' };
    const ben: Student = { page: await (await t.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })).newPage(), keyboard: false, name: 'Ben' };
    const started = Date.now();
    const [anaAddress, benAddress] = await Promise.all([firstRun(ana, link, classmateAddress(ana.page)), firstRun(ben, link, classmateAddress(ben.page))]);
    expect(anaAddress).not.toBe(benAddress);
    // Both payments confirm on both sides.
    for (const s of [ana, ben]) {
      await nav(s, 'Wallet');
      await waitFor(
        async () => (await s.page.locator('[data-testid=history-row][data-status=confirmed]').filter({ hasText: /Received|Sent/ }).count()) === 2,
        90_000,
        `${s.name}'s payments confirmed`,
      );
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`newcomer class: both students mined, paid each other and saw both payments confirmed in ${seconds.toFixed(1)} s`);

    // The class page, full of classmates: nicknames, blocks found, the feed; axe finds nothing.
    for (const s of [ana, ben]) {
      await nav(s, 'Class');
      const friend = s === ana ? 'Ben' : 'Ana';
      await expect.poll(() => s.page.getByTestId('roster').textContent()).toContain(friend);
      expect(Number(await s.page.locator('[data-testid=roster-row]:not([data-self]) [data-testid=roster-blocks]').first().textContent())).toBeGreaterThanOrEqual(1);
      await expect.poll(() => s.page.getByTestId('class-feed').textContent()).toMatch(/found block/);
      await expect.poll(() => s.page.getByTestId('class-feed').textContent()).toMatch(new RegExp(`${friend} sent you 1 coin`));
      expect(await s.page.getByTestId('peer-count').textContent()).toBe('1 peer');
      const axe = await new AxeBuilder({ page: s.page }).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
    }
    // The teacher's reset: the next round is a new network from the same name.
    await nav(ana, 'Class');
    await press(ana, ana.page.getByRole('button', { name: 'Reset the class…' }));
    expect(await ana.page.getByTestId('class-reset-confirm').getAttribute('href')).toBe(`${t.server.url}?net=newcomers.2#/class`);
    for (const s of [ana, ben]) await s.page.context().close();
  });
});
