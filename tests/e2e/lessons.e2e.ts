import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { expectAccessible, lessonTab, nodeBlockVerdict, nodeTxVerdict, openLesson, pressKey } from './lesson-page';

// Each learn lesson does its action in a real tab (type, tamper, mine, sign, replay, isolate) and
// its verdict is checked against the node's own verdict for the same bytes. axe at 1280 and 390 px.

const t = useBrowserAndServer();
let page: Page;
const code = (testId: string) => page.getByTestId(testId).getAttribute('data-code');

beforeAll(async () => {
  page = await lessonTab(t.browser, t.server.url);
});
afterAll(() => page.context().close());

describe('learn lessons', () => {
  it('1 hash: every keystroke changes the hash; a header typed as hex hashes to the node\'s block id', async () => {
    await openLesson(page, 'hash');
    const input = page.getByLabel('Type anything');
    await input.fill('SimpleCoin');
    const before = await page.getByTestId('sha256d').textContent();
    await input.press('End');
    await page.keyboard.type('!');
    await expect.poll(() => page.getByTestId('sha256d').textContent()).not.toBe(before);
    await expect.poll(() => page.getByTestId('flipped').textContent()).toMatch(/of 256 bits flipped/);
    await page.getByRole('button', { name: /latest block header/ }).click();
    const tip = await page.evaluate(() => window.simplecoin.node.chain.tip.hashHex);
    await expect.poll(() => page.getByTestId('sha256d').textContent()).toBe(tip);
    await expectAccessible(page);
  });

  it('2 block: edit a payment, the verdict matches the node\'s at each step, and Mine finds a nonce in the workers', async () => {
    await openLesson(page, 'block');
    await expect.poll(() => code('verdict')).toBe('ok');
    const amount = page.getByLabel('Amount (base units), transaction 1');
    await amount.fill('900000000');
    await expect.poll(() => code('verdict')).toBe('bad-merkle');
    const bytes = () => page.getByTestId('block-bytes').textContent() as Promise<string>;
    // Its header is unchanged: the node already has a block with this hash and does not look further.
    expect(await nodeBlockVerdict(page, await bytes())).toBe('duplicate');
    await expect.poll(() => page.getByTestId('same-header').textContent()).toMatch(/duplicate/);
    await page.getByRole('button', { name: 'Recompute the merkle root' }).click();
    await expect.poll(() => code('verdict')).not.toBe('bad-merkle');
    await pressKey(page, 'mine-nonce');
    await expect.poll(() => page.getByTestId('mine-result').textContent(), { timeout: 30_000 }).toMatch(/Found nonce \d+/);
    await expect.poll(() => page.getByTestId('mine-progress').textContent()).toMatch(/nonces tried · .*H\/s/);
    // Mined, but the signature covers the amount. The tab already has a block at this height, so
    // it checks only the header (valid) and sets the body aside (low-work); a node lacking the block
    // refuses it as tx-bad-sig (tests/unit/app/learn-verdict.test.ts compares that on every edit).
    await expect.poll(() => code('verdict')).toBe('tx-bad-sig');
    expect(await nodeBlockVerdict(page, await bytes())).toBe('low-work');
    await expect.poll(() => page.getByTestId('low-work').textContent()).toMatch(/low-work/);
    await expectAccessible(page);
  });

  it('3 chain: tampering breaks the block and its descendants; re-mining repairs them and reports the cost', async () => {
    await openLesson(page, 'chain');
    const first = page.locator('[data-testid^=chain-block-]').first();
    await expect.poll(() => first.getAttribute('data-code')).toBe('ok');
    // Regtest's target admits about half of all hashes: edit until the tampered block fails its proof of work.
    for (let i = 0; i < 20 && (await first.getAttribute('data-code')) === 'ok'; i++) await page.locator('[data-testid^=chain-block-] input').first().fill(`history, rewritten ${i}`);
    const cards = page.locator('[data-testid^=chain-block-]');
    const shown = await first.getAttribute('data-code');
    expect(shown).toBe('bad-pow');
    expect(await nodeBlockVerdict(page, (await first.getAttribute('data-bytes'))!)).toBe(shown);
    await pressKey(page, 'remine');
    await expect.poll(() => page.getByTestId('remine-cost').textContent(), { timeout: 60_000 }).toMatch(/Re-mining \d+ blocks? took .* s of your CPU/);
    for (const c of await cards.all()) expect(await c.getAttribute('data-code')).toBe('ok');
    // Valid now, header and all: the node checks the header and sets it aside, as its branch has less work.
    expect(await nodeBlockVerdict(page, (await first.getAttribute('data-bytes'))!)).toBe('low-work');
    await expectAccessible(page);
  });

  it('4 distributed: lesson peers refuse a forged block with the rule the exhibit predicted', async () => {
    await openLesson(page, 'distributed');
    await expect.poll(() => page.getByTestId('lesson-nodes').locator('tbody tr').count()).toBe(4);
    await expect.poll(() => page.getByTestId('lesson-nodes').locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['2', '2', '2', '2']);
    await pressKey(page, 'send-forgery');
    await expect.poll(() => code('forgery-verdict')).toBe('bad-cb-amount');
    for (const name of ['Ada', 'Ben', 'Cleo']) await expect.poll(() => code(`reject-log-${name}`)).toBe('bad-cb-amount');
    await page.getByLabel('Change a payment after the header was sealed').check();
    await page.getByRole('button', { name: 'Start a new lesson network' }).click();
    await expect.poll(() => page.getByTestId('lesson-nodes').locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(['3', '3', '3', '3']);
    await page.getByTestId('send-forgery').click();
    await expect.poll(() => code('forgery-verdict')).toBe('bad-merkle');
    for (const name of ['Ada', 'Ben', 'Cleo']) await expect.poll(() => code(`reject-log-${name}`)).toBe('bad-merkle');
    await expectAccessible(page);
  });

  it('5 keys: a signature verifies; one changed character fails it, as the node says (tx-bad-sig)', async () => {
    await openLesson(page, 'keys');
    await page.getByLabel(/Message to sign/).fill('Pay Ada one coin');
    await page.getByLabel(/Message to sign/).press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sig-check').getAttribute('data-ok')).toBe('true');
    expect(await code('tx-verdict')).toBe('ok');
    const bytes = () => page.getByTestId('tx-bytes').textContent() as Promise<string>;
    // The node takes the signature; it refuses only because the lesson key has no coins.
    expect(await nodeTxVerdict(page, await bytes())).toBe('tx-insufficient-funds');
    await page.getByLabel('Received message').fill('Pay Ada ten coins');
    await expect.poll(() => page.getByTestId('sig-check').getAttribute('data-ok')).toBe('false');
    expect(await code('tx-verdict')).toBe('tx-bad-sig');
    expect(await nodeTxVerdict(page, await bytes())).toBe('tx-bad-sig');
    await expectAccessible(page);
  });

  it('6 mempool: the template builds on the tip; replaying a confirmed transfer is refused for its nonce', async () => {
    await openLesson(page, 'mempool');
    const height = await page.evaluate(() => window.simplecoin.node.chain.height);
    await expect.poll(() => page.getByTestId('template').textContent()).toMatch(new RegExp(`^Height ${height + 1}:`));
    await pressKey(page, 'fund');
    await expect.poll(() => page.getByTestId('lesson-balance').textContent()).toMatch(/height 3; the lesson key holds 150 coins and its next nonce is 0/);
    await pressKey(page, 'pay');
    await expect.poll(() => code('first-verdict')).toBe('ok');
    await pressKey(page, 'confirm');
    await expect.poll(() => page.getByTestId('lesson-balance').textContent()).toMatch(/height 4;.*next nonce is 1/);
    await pressKey(page, 'replay');
    await expect.poll(() => code('replay-verdict')).toBe('tx-bad-nonce');
    await expectAccessible(page);
  });

  it('7 mining: hashes meet the target as often as it says; the what-if slider runs the node\'s difficulty rule', async () => {
    await openLesson(page, 'mining');
    await pressKey(page, 'try-16');
    await expect.poll(() => page.getByTestId('tally').textContent()).toMatch(/^16 tried, \d+ at or below/);
    expect(await page.locator('figure svg[role=img]').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.target').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Hash rate multiplier').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('factor').textContent()).toMatch(/^4× today's hash rate/);
    const firstBits = Number(await page.getByTestId('whatif-summary').getAttribute('data-first-bits'));
    const nodeBits = await page.evaluate(() => {
      const chain = window.simplecoin.node.chain;
      return chain.bitsAfter(chain.tip) as number;
    });
    expect(firstBits).toBe(nodeBits);
    await expectAccessible(page);
  });

  it('8 forks: isolate, mine on both sides, rejoin: the heavier branch wins and your block goes stale', async () => {
    await openLesson(page, 'forks');
    await expect.poll(() => page.getByTestId('fork-status').textContent()).toMatch(/^Connected: 3 connections\. Your height 2, Ada's 2/);
    await pressKey(page, 'isolate');
    await expect.poll(() => page.getByTestId('fork-status').textContent()).toMatch(/^Isolated: 0 connections\./);
    await pressKey(page, 'mine-you');
    await pressKey(page, 'mine-ada');
    await expect.poll(() => page.getByTestId('fork-status').textContent()).toMatch(/Your height 3, Ada's 4/);
    await pressKey(page, 'rejoin');
    await expect.poll(() => page.getByTestId('reorg').textContent(), { timeout: 20_000 }).toMatch(/replaced 1 of your block/);
    await expect.poll(() => page.getByTestId('fork-status').textContent()).toMatch(/Your height 4, Ada's 4/);
    expect(Number(await page.locator('svg[data-stale]').last().getAttribute('data-stale'))).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);
  });
});
