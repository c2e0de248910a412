import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from './helpers';
import { height, openNode, readyPeers, sameTip, waitFor } from './node-page';
import { encodeAddress } from '../../src/core/primitives/address';
import { REGTEST } from '../../src/core/protocol/networks';
import { ALICE } from '../unit/core/helpers';

// Mining in Web Workers from the UI: blocks found by the workers are accepted by other tabs.

const t = useBrowserAndServer();

describe('mining in workers', () => {
  it('mines from the Mine view with the SIMD kernel, and other tabs accept the blocks', async () => {
    const miner = await openNode(t.browser, `${t.server.url}?net=regtest#/mine`);
    const other = await openNode(t.browser, `${t.server.url}?net=regtest`);
    await waitFor(async () => (await readyPeers(other)) === 1, 20_000, 'peers');
    const address = encodeAddress(REGTEST.hrp, ALICE.pub);
    await miner.getByLabel('Rewards go to (your address)').fill(address);
    const toggle = miner.getByTestId('mine-toggle');
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await waitFor(async () => (await height(miner)) >= 5, 30_000, 'blocks mined in workers');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await sameTip([miner, other], 20_000, 'other tab accepted the blocks');
    expect(await height(other)).toBeGreaterThanOrEqual(5);
    const kernels = await miner.evaluate(() => (document.querySelector('dl')?.textContent ?? ''));
    expect(kernels).toContain('wasm-simd');
    expect(Number(await miner.getByTestId('blocks-found').textContent())).toBeGreaterThanOrEqual(5);
    const reward = await other.evaluate((k) => window.simplecoin.node.chain.account(k)?.locked.length ?? 0, ALICE.hex);
    expect(reward).toBeGreaterThan(0);
    // The explorer finds the block by height and explains its proof of work.
    await other.evaluate(() => (window.location.hash = '#/explorer'));
    await other.getByLabel('Search').fill('3');
    await other.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => other.locator('.why').textContent()).toMatch(/Why the proof of work is valid/);
    expect(other.url()).toContain('#/block/3');
    await miner.context().close();
    await other.context().close();
  });

  it('refuses to start without a valid reward address, saying why', async () => {
    const page = await openNode(t.browser, `${t.server.url}?net=regtest#/mine`);
    await page.getByLabel('Rewards go to (your address)').fill('scrt1notanaddress');
    await page.getByTestId('mine-toggle').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/not a valid address/);
    expect(await page.getByTestId('mine-toggle').getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });
});
