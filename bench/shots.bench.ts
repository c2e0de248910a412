// Screenshots of every view at desktop and phone widths, for looking at (not a benchmark).
import { it } from 'vitest';
import fs from 'node:fs';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { mine, openNode } from '../tests/e2e/node-page';

it('screenshots', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  fs.mkdirSync('/tmp/shots', { recursive: true });
  try {
    const page = await openNode(browser, `${server.url}?net=regtest`);
    await mine(page, 12);
    for (const [name, w, h] of [['desktop', 1280, 900], ['phone', 360, 780]] as const) {
      await page.setViewportSize({ width: w, height: h });
      for (const view of ['', 'wallet', 'mine', 'explorer', 'block/5', 'network', 'learn']) {
        await page.evaluate((v) => (window.location.hash = `#/${v}`), view);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `/tmp/shots/${name}-${view.replace('/', '_') || 'overview'}.png`, fullPage: true });
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});
