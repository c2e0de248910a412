// The attack lab, scenario 2 (51 % history rewrite), across three real tabs on a lab network: the
// attacker pays the victim from the Lab view, the bystander's block confirms it (the victim's
// wallet shows it confirmed), the attacker isolates itself, mines a secret branch of two blocks
// from the block before, and releases it. Every tab's tip becomes the attacker's, and the
// victim's payment leaves its wallet history's confirmed rows (replaced): its nonce is spent on the branch.
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { height, nodeKey, tip, waitFor } from './node-page';
import { createWallet, mineTo, openLabTabs, restoreFixtureMiner, screenshotAndPhone, tipTransfers } from './lab-tabs';

const fx = useBrowserAndServer();

const paymentStatus = (page: Page) => page.getByTestId('history-row').first().getAttribute('data-status');

describe('attack lab: history rewrite (51 %)', () => {
  it("a confirmed payment leaves every tab's chain once the secret branch is released", async () => {
    const { tabs } = await openLabTabs(fx.browser, fx.server.url, 3);
    const [attacker, victim, bystander] = tabs as [Page, Page, Page];
    const attackerWallet = await restoreFixtureMiner(attacker);
    const victimWallet = await createWallet(victim);
    const victimKey = await nodeKey(victim);

    await attacker.evaluate(() => (window.location.hash = '#/lab'));
    const select = attacker.getByTestId('rewrite-victim');
    await waitFor(async () => (await select.locator(`option[value="${victimKey}"]`).count()) === 1, 30_000, "the victim's profile");
    await select.selectOption(victimKey);
    await attacker.locator('#rewrite-amount').fill('2');
    await attacker.getByTestId('rewrite-pay').click();
    await waitFor(() => bystander.evaluate(() => window.simplecoin.node.mempool.size === 1), 20_000, 'the payment relayed');

    // Confirmed on the public chain: the victim's wallet says so.
    await mineTo(bystander, 8);
    const paidBlock = await tip(bystander);
    await waitFor(async () => (await attacker.getByTestId('rewrite-payment').getAttribute('data-confirmations')) === '1', 20_000, 'the payment confirmed');
    await waitFor(async () => (await tip(victim)) === paidBlock, 20_000, 'the victim has the block');
    expect(await tipTransfers(victim)).toEqual([victimWallet]);
    await waitFor(async () => (await paymentStatus(victim)) === 'confirmed', 20_000, "the victim's history shows it confirmed");

    // Isolated, the attacker mines two secret blocks on block 7; then releases them.
    await attacker.getByTestId('rewrite-mine').click();
    const release = attacker.getByTestId('rewrite-release');
    await waitFor(() => release.isEnabled(), 90_000, 'the secret branch ahead');
    expect(await height(attacker)).toBe(9);
    const branchTip = await tip(attacker);
    expect(await tip(victim)).toBe(paidBlock);
    await release.click();

    for (const t of tabs) await waitFor(async () => (await tip(t)) === branchTip, 60_000, "every tab on the attacker's branch");
    // The branch spent the payment's nonce: the victim's wallet shows it replaced, never to confirm.
    await waitFor(async () => (await paymentStatus(victim)) === 'replaced', 20_000, "the victim's history shows it replaced");
    expect(await victim.evaluate((k) => window.simplecoin.node.chain.account(k), victimWallet)).toBeNull();
    for (const t of tabs) expect(await t.evaluate(() => window.simplecoin.node.mempool.size)).toBe(0);
    expect(await attacker.evaluate((k) => window.simplecoin.node.chain.account(k)?.nonce, attackerWallet)).toBe(1);

    const result = attacker.getByTestId('rewrite-result');
    await waitFor(async () => (await result.getAttribute('data-rewritten')) === 'yes', 20_000, 'the result view');
    expect(await result.getAttribute('data-undone')).toBe('1');
    await expect(result.textContent()).resolves.toMatch(/History rewritten: the payment to .+ had 1 confirmation/);
    expect(await attacker.getByTestId('rewrite-branch-private').getAttribute('data-active')).toBe('yes');
    expect(await attacker.getByTestId('rewrite-branch-public').getAttribute('data-active')).toBe('no');

    const axe = await new AxeBuilder({ page: attacker }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await result.scrollIntoViewIfNeeded();
    await screenshotAndPhone(attacker, 'lab-rewrite');
    for (const t of tabs) await t.context().close();
  }, 180_000);
});
