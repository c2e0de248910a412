import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from './helpers';
import { openNode, readyPeers, waitFor } from './node-page';

// A page that starts while the signaling server is unreachable, or loses it while running, retries
// with backoff, says so with the attempt and a countdown, offers a retry, and is back within 10 s
// of the server returning.

const t = useBrowserAndServer();

describe('reconnecting', () => {
  it('a page started offline reconnects within 10 s of the network returning', async () => {
    const peer = await openNode(t.browser, `${t.server.url}?net=regtest`);
    const context = await t.browser.newContext();
    // Signaling unreachable: every request to the PeerServer fails, as offline.
    await context.route('**/peerjs**', (route) => route.abort('internetdisconnected'));
    const page = await openNode(context, `${t.server.url}?net=regtest`);
    await expect.poll(() => page.getByTestId('reconnecting').textContent(), { timeout: 30_000 }).toMatch(/Reconnecting \(attempt [3-9], (next in \d s|trying now)\)/);
    expect(await page.getByTestId('sync-status').textContent()).toMatch(/reconnecting|offline/);
    expect(await page.getByTestId('peer-count').textContent()).toBe('0 peers');
    // The retry button tries at once: the attempt number moves on.
    const before = Number(/attempt (\d+)/.exec((await page.getByTestId('reconnecting').textContent())!)?.[1]);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(async () => Number(/attempt (\d+)/.exec((await page.getByTestId('reconnecting').textContent()) ?? '')?.[1]), { timeout: 10_000 }).toBeGreaterThan(before);

    // The network returns: the browser says online, and the node joins without a reload.
    await context.setOffline(true);
    await context.unroute('**/peerjs**');
    const back = Date.now();
    await context.setOffline(false);
    await waitFor(async () => (await readyPeers(page)) === 1, 10_000, 'a peer within 10 s of the network returning');
    const seconds = (Date.now() - back) / 1000;
    console.log(`reconnected and found a peer ${seconds.toFixed(1)} s after the network returned`);
    expect(await page.getByTestId('reconnecting').count()).toBe(0);
    await expect.poll(() => page.getByTestId('sync-status').textContent()).toBe('synced');
    await context.close();
    await peer.context().close();
  });

  it('a page whose PeerServer stops mid-session says so, and is back within 10 s of it restarting', async () => {
    const first = await t.startServer();
    const port = new URL(first.url).port;
    const page = await openNode(t.browser, `${first.url}?net=regtest`);
    await expect.poll(() => page.evaluate(() => window.simplecoin.node.p2p !== null), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('reconnecting').count()).toBe(0);

    await first.stop();
    const banner = page.getByTestId('reconnecting');
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/Reconnecting \(attempt \d+, (next in \d s|trying now)\)/);
    // The retry button tries at once (the server is still down): the attempt number moves on.
    await expect.poll(async () => Number(/attempt (\d+)/.exec((await banner.textContent()) ?? '')?.[1]), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const before = Number(/attempt (\d+)/.exec((await banner.textContent())!)?.[1]);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(async () => Number(/attempt (\d+)/.exec((await banner.textContent()) ?? '')?.[1]), { timeout: 10_000 }).toBeGreaterThan(before);
    // Long enough for the backoff to reach its longest wait.
    await expect.poll(async () => Number(/attempt (\d+)/.exec((await banner.textContent()) ?? '')?.[1]), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 3);

    await t.startServer({ PORT: port });
    const back = Date.now();
    await waitFor(async () => (await banner.count()) === 0, 10_000, 'the banner gone within 10 s of the server restarting');
    const seconds = (Date.now() - back) / 1000;
    console.log(`signaling back ${seconds.toFixed(1)} s after the PeerServer restarted`);
    // Registered again: a tab opened now finds it through the server.
    const late = await openNode(t.browser, `${first.url}?net=regtest`);
    await waitFor(async () => (await readyPeers(page)) >= 1 && (await readyPeers(late)) >= 1, 20_000, 'a new tab finds the page');
    await page.context().close();
    await late.context().close();
  }, 120_000);
});
