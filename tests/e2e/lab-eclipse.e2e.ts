// The attack lab, scenario 5 (eclipse attempt), across three real tabs on a lab network: the
// attacker's tab sets throwaway identities (each a new node key on its own PeerJS connection) on
// the victim from the Lab view; the victim's own view shows its defences holding: it keeps its
// honest peers, no anchor is the attacker's, and after a restart it is back with honest peers.
// And the lab's invitation: its link opens the same lab network on #/lab in another browser.
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { nodeKey, openPeer, submitBlock, waitFor } from './node-page';
import { encodeBlock } from '../../src/core/primitives/block';
import { toHex } from '../../src/core/encoding/bytes';
import { LAB_FIXTURE, labFixtureBlock1 } from '../support/lab-fixture';

const fx = useBrowserAndServer();

/** Node keys of a tab's ready peers. */
const peerKeys = (page: Page) => page.evaluate(() => window.simplecoin.node.peerList().filter((p) => p.state === 'ready').map((p) => p.nodeKey));
const figure = async (page: Page, row: string, side: 'honest' | 'attacker') => Number(await page.getByTestId(row).getAttribute(`data-${side}`));

describe('attack lab: eclipse attempt and invitation', () => {
  it('opening the invitation link lands on the same lab network, on the lab view', async () => {
    const url = `${fx.server.url}?net=${LAB_FIXTURE.name}#/lab`;
    const host = await openPeer(fx.browser, url);
    const link = await host.getByTestId('lab-invite-link').textContent();
    expect(link).toBe(`${fx.server.url}?net=${LAB_FIXTURE.name}#/lab`);
    await expect(host.getByRole('img', { name: `QR code of the invitation to ${LAB_FIXTURE.name}` }).count()).resolves.toBe(1);
    // Another browser context: nothing of the host's storage is shared, only the link.
    const guest = await openPeer(fx.browser, link!);
    expect(guest.url()).toMatch(/#\/lab$/);
    expect(await guest.evaluate(() => window.simplecoin.node.params.name)).toBe(LAB_FIXTURE.name);
    await expect(guest.getByTestId('lab-badge').textContent()).resolves.toBe('attack lab');
    await expect(guest.getByRole('heading', { name: 'Attack lab' }).count()).resolves.toBe(1);
    const hostKey = await nodeKey(host);
    await waitFor(async () => (await peerKeys(guest)).includes(hostKey), 60_000, 'the guest connected to the host');
    for (const p of [host, guest]) await p.context().close();
  }, 120_000);

  it('eclipse attempt: the victim keeps honest peers and anchors, and comes back to honest peers after a restart', async () => {
    const block1 = await labFixtureBlock1();
    const url = `${fx.server.url}?net=${LAB_FIXTURE.name}`;
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await openPeer(fx.browser, url);
      expect(await submitBlock(page, toHex(encodeBlock(block1)))).toMatch(/connected|duplicate/);
      tabs.push(page);
    }
    const [victim, , attacker] = tabs as [Page, Page, Page];
    const keys = await Promise.all(tabs.map(nodeKey));
    const honestKeys = [keys[1]!, keys[2]!];
    await waitFor(async () => (await Promise.all(tabs.map(peerKeys))).every((k) => k.length >= 2), 60_000, 'every tab connected to both others');

    for (const p of [victim, attacker]) {
      await p.goto(`${url}#/lab`);
      await p.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p?.pool));
    }
    await waitFor(async () => (await peerKeys(attacker)).includes(keys[0]!) && (await peerKeys(victim)).length >= 2, 60_000, 'the reloaded tabs back with their peers');
    await attacker.getByLabel('Victim', { exact: true }).selectOption(keys[0]!);
    await attacker.getByLabel('Attacker identities').fill('12');
    await attacker.getByRole('button', { name: 'Surround it' }).click();

    // The attack arrives: the victim's inbound slots fill with the attacker's identities.
    await waitFor(async () => (await figure(victim, 'eclipse-inbound', 'attacker')) >= 8, 90_000, 'attacker identities in the victim inbound slots');
    await waitFor(async () => Number(await attacker.getByTestId('eclipse-held-inbound').textContent()) >= 8, 30_000, "the attacker's own count");
    // For a while under attack (addr floods every 10 s), the defences hold at every look.
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await victim.getByTestId('eclipse-verdict').getAttribute('data-held')).toBe('yes');
      const connected = await peerKeys(victim);
      expect(honestKeys.some((k) => connected.includes(k))).toBe(true);
      expect(await figure(victim, 'eclipse-anchors', 'attacker')).toBe(0);
    }
    const known = await victim.getByTestId('eclipse-known').textContent();
    expect(known).toMatch(/Known peers: \d+ of \d+ are the attacker/);
    const axe = await new AxeBuilder({ page: victim }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    if (process.env.LAB_SCREENSHOTS) {
      await victim.getByTestId('eclipse-defences').scrollIntoViewIfNeeded();
      await victim.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/lab-eclipse-victim-1280.png`, fullPage: true });
      await attacker.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/lab-eclipse-attacker-1280.png`, fullPage: true });
    }

    // The victim's tab restarts while the attack goes on: it is back with an honest peer.
    await victim.reload();
    await victim.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p?.pool));
    await waitFor(async () => (await peerKeys(victim)).some((k) => honestKeys.includes(k)), 60_000, 'the restarted victim back with an honest peer');
    await waitFor(async () => (await victim.getByTestId('eclipse-verdict').getAttribute('data-held')) === 'yes', 30_000, 'the restarted victim says it held');

    await attacker.getByRole('button', { name: 'Stop the attempt' }).click();
    // It fits a phone: nothing scrolls sideways at 390 px.
    for (const p of [victim, attacker]) {
      await p.setViewportSize({ width: 390, height: 844 });
      expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }
    for (const t of tabs) await t.context().close();
  }, 300_000);
});
