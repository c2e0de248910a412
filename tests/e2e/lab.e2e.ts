// The attack lab, scenario 3 (tampered history), across three real tabs on a lab network: the
// attacker's tab edits block 1 from the Lab view and sends it; both other tabs refuse it by rule
// bad-pow, say so (the attacker's table shows each verdict) and shun the throwaway sender; their
// chains keep the original block and the attacker's own node keeps its peers.
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { openPeer, readyPeers, submitBlock, tip, waitFor } from './node-page';
import { encodeBlock, blockHash } from '../../src/core/primitives/block';
import { toHex } from '../../src/core/encoding/bytes';
import { LAB_FIXTURE, labFixtureBlock1 } from '../support/lab-fixture';

const fx = useBrowserAndServer();


describe('attack lab', () => {
  it('tampered history: every peer refuses the edited block by rule and shuns its sender', async () => {
    const block1 = await labFixtureBlock1();
    const url = `${fx.server.url}?net=${LAB_FIXTURE.name}`;
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await openPeer(fx.browser, url);
      expect(await submitBlock(page, toHex(encodeBlock(block1)))).toMatch(/connected|duplicate/);
      tabs.push(page);
    }
    const [attacker, ...victims] = tabs as [Page, Page, Page];
    await waitFor(async () => (await Promise.all(tabs.map(readyPeers))).every((n) => n === 2), 60_000, 'every tab connected to both others');
    await expect(attacker.getByTestId('lab-badge').textContent()).resolves.toBe('attack lab');

    await attacker.goto(`${url}#/lab`);
    await attacker.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p?.pool));
    await waitFor(async () => (await readyPeers(attacker)) === 2, 60_000, 'the reloaded attacker back with both peers');
    await attacker.getByLabel('Block to edit (height)').fill('1');
    await attacker.getByRole('button', { name: 'Edit and send' }).click();
    const rows = attacker.getByTestId('lab-verdict');
    await waitFor(async () => (await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('data-rule') === 'bad-pow' && e.getAttribute('data-shunned') === 'yes').length)) === 2, 45_000, 'both verdicts and both shuns');

    const original = toHex(blockHash(block1));
    for (const v of victims) expect(await tip(v)).toBe(original);
    expect(await rows.count()).toBe(2);
    expect(await readyPeers(attacker)).toBe(2);
    await expect(attacker.getByTestId('lab-log').textContent()).resolves.toMatch(/2 of 2 peers closed the link on the sender/);
    const axe = await new AxeBuilder({ page: attacker }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // LAB_SCREENSHOTS=dir keeps the result view (the closing note shows it).
    if (process.env.LAB_SCREENSHOTS) await attacker.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/lab-tampered-history-1280.png`, fullPage: true });
    // It fits a phone: nothing scrolls sideways at 390 px.
    await attacker.setViewportSize({ width: 390, height: 844 });
    expect(await attacker.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    for (const t of tabs) await t.context().close();
  }, 180_000);
});
