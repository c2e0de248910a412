import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH, useBrowserAndServer } from './helpers';
import { openNode } from './node-page';

// The wallet's QR scanner, where the browser has a camera (Chromium's fake camera) and a
// BarcodeDetector (Chromium on Linux has none: a stand-in reads the code, but only once real camera
// frames reach the video element), and where it has no detector.

const t = useBrowserAndServer();
const PASS = 'scanner passphrase';
const ADDRESS = 'scrt1qy352euf40x77qfrg4ncn27uvujsxw2c3yl4ckgmqkqdlsnyf4gsvhxh6p';
let withCamera: Browser;

beforeAll(async () => {
  withCamera = await chromium.launch({ executablePath: CHROME_PATH, args: [...CHROME_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
});
afterAll(() => withCamera?.close());

/** A BarcodeDetector that "sees" window.__qr, and only in a playing camera stream. */
function fakeDetector(): void {
  class FakeBarcodeDetector {
    static getSupportedFormats = async () => ['qr_code'];
    async detect(source: HTMLVideoElement) {
      const live = source.srcObject instanceof MediaStream && source.srcObject.getVideoTracks().some((track) => track.readyState === 'live');
      const text = (window as unknown as { __qr?: string }).__qr;
      return live && source.videoWidth > 0 && text ? [{ rawValue: text }] : [];
    }
  }
  (window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = FakeBarcodeDetector;
}

async function openWallet(context: BrowserContext): Promise<Page> {
  const page = await openNode(context, `${t.server.url}?net=regtest#/wallet`);
  await page.getByTestId('wallet-passphrase').fill(PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(PASS);
  await page.getByTestId('wallet-create').click();
  await page.getByTestId('send-to').waitFor({ timeout: 20_000 });
  return page;
}

describe('QR scanner', () => {
  it('the page is allowed the camera for its own origin only', async () => {
    const res = await fetch(t.server.url);
    expect(res.headers.get('permissions-policy')).toMatch(/(^|, )camera=\(self\)(,|$)/);
  });

  it('with a camera and a detector: a scanned payment request fills the send form, and the camera is let go', async () => {
    const context = await withCamera.newContext();
    await context.addInitScript(fakeDetector);
    const page = await openWallet(context);
    await page.getByTestId('send-amount').fill('9');
    await page.getByTestId('scan-qr').click();
    await page.getByTestId('scan-video').waitFor();
    // Something that is no request: said so, and the form is left alone.
    await page.evaluate(() => ((window as unknown as { __qr: string }).__qr = 'https://example.com/menu'));
    await expect.poll(() => page.getByTestId('scan-status').textContent()).toMatch(/not a SimpleCoin address or payment request/);
    expect(await page.getByTestId('send-to').inputValue()).toBe('');
    const link = `${t.server.url}?net=regtest#/wallet/pay/${ADDRESS}?amount=2.5`;
    await page.evaluate((l) => ((window as unknown as { __qr: string }).__qr = l), link);
    await expect.poll(() => page.getByTestId('send-to').inputValue()).toBe(ADDRESS);
    expect(await page.getByTestId('send-amount').inputValue()).toBe('2.5');
    expect(await page.getByTestId('scan-status').textContent()).toMatch(/^Scanned/);
    expect(await page.getByTestId('scan-video').count()).toBe(0);
    expect(await page.getByTestId('request-note').count()).toBe(1);
    await context.close();
  });

  it('without a detector: no scan button, and the page says what to do instead', async () => {
    const context = await t.browser.newContext();
    await context.addInitScript(() => delete (window as unknown as { BarcodeDetector?: unknown }).BarcodeDetector);
    const page = await openWallet(context);
    expect(await page.getByTestId('scan-qr').count()).toBe(0);
    expect(await page.getByTestId('scan-unavailable').textContent()).toMatch(/cannot read QR codes: paste the address/);
    await context.close();
  });
});
