// The attack lab, scenario 1 (double spend by race), across three real tabs on a lab network: the
// attacker (the fixture miner's wallet) pays the merchant from the Lab view and at the same
// moment sends the same coins back to itself to the bystander. The merchant keeps the payment,
// the bystander the refund, each refusing the other by rule; the bystander mines, its block holds
// the refund, and on every tab the merchant's payment is gone. The view says 1 confirmation was needed.
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { useBrowserAndServer } from './helpers';
import { nodeKey, sameTip, waitFor } from './node-page';
import { createWallet, mineTo, openLabTabs, restoreFixtureMiner, screenshotAndPhone, tipTransfers } from './lab-tabs';

const fx = useBrowserAndServer();

describe('attack lab: double spend (race)', () => {
  it('each peer keeps the transfer it heard first, one block settles it everywhere, and the merchant needed 1 confirmation', async () => {
    const { tabs } = await openLabTabs(fx.browser, fx.server.url, 3);
    const [attacker, merchant, bystander] = tabs as [(typeof tabs)[0], (typeof tabs)[0], (typeof tabs)[0]];
    const attackerWallet = await restoreFixtureMiner(attacker);
    const merchantWallet = await createWallet(merchant);
    const merchantKey = await nodeKey(merchant);

    await attacker.evaluate(() => (window.location.hash = '#/lab'));
    const select = attacker.getByTestId('race-merchant');
    // The merchant's wallet address reaches the attacker in its profile.
    await waitFor(async () => (await select.locator(`option[value="${merchantKey}"]`).count()) === 1, 30_000, "the merchant's profile");
    await select.selectOption(merchantKey);
    await attacker.locator('#race-amount').fill('3');
    await attacker.getByTestId('race-start').click();

    const kept = () => attacker.getByTestId('race-peer').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kept')).sort());
    await waitFor(async () => JSON.stringify(await kept()) === JSON.stringify(['attacker', 'merchant']), 30_000, 'both peers said which transfer they kept');
    await expect(attacker.getByTestId('race-log').textContent()).resolves.toMatch(/refused the payment to the merchant: rule mempool-rbf-fee-too-low/);

    // The bystander holds the refund in its mempool; the block it mines confirms it.
    await mineTo(bystander, 8);
    await sameTip(tabs, 30_000, 'every tab on the block');
    for (const t of tabs) expect(await tipTransfers(t)).toEqual([attackerWallet]);
    for (const t of tabs) expect(await t.evaluate((k) => window.simplecoin.node.chain.account(k), merchantWallet)).toBeNull();
    const result = attacker.getByTestId('race-result');
    await waitFor(async () => (await result.getAttribute('data-confirmed')) === 'attacker', 20_000, 'the result view');
    expect(await result.getAttribute('data-needed')).toBe('1');
    await expect(attacker.getByTestId('race-needed').textContent()).resolves.toMatch(/The merchant needed 1 confirmation/);

    const axe = await new AxeBuilder({ page: attacker }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await attacker.getByTestId('race-result').scrollIntoViewIfNeeded();
    await screenshotAndPhone(attacker, 'lab-double-spend');
    for (const t of tabs) await t.context().close();
  }, 120_000);
});
