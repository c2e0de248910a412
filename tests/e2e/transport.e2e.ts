import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Peer } from 'peerjs';
import { useBrowserAndServer } from './helpers';
import type { PeerJsTransport } from '../../src/net/peerjs-transport';
import type { Link } from '../../src/net/transport';

// The raw transport between two isolated browser contexts: discovery through the local
// PeerServer, then framed messages both ways over a raw WebRTC data channel, including one larger
// than Chromium's 256 KiB send limit.

const t = useBrowserAndServer();

/** What a test keeps on the page's window: its extra transport and the links it was offered. */
type TransportWindow = Window & { t: PeerJsTransport; inbound: Link[] };

async function openTab(): Promise<Page> {
  const context = await t.browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror', e));
  await page.goto(t.server.url);
  await page.waitForFunction(() => Boolean(window.simplecoin?.node?.transport?.localId));
  return page;
}

/** Opens an extra transport in the page and keeps it (and its inbound links) on window. */
const openTransport = (page: Page) =>
  page.evaluate(async () => {
    const transport = await window.simplecoin.openTransport();
    const inbound: Link[] = [];
    transport.on('link', (l) => inbound.push(l));
    Object.assign(window, { t: transport, inbound });
    return transport.localId;
  });

describe('PeerJS transport in Chromium', () => {
  it('shows the same-origin signaling server it chose', async () => {
    const page = await openTab();
    await page.goto(`${t.server.url}#/node`);
    await expect.poll(() => page.getByTestId('signal-status').textContent()).toBe('connected');
    expect(await page.getByTestId('signal-server').textContent()).toContain('/peerjs');
    await page.context().close();
  });

  it('two contexts discover each other and exchange framed messages both ways', async () => {
    const a = await openTab();
    const b = await openTab();
    await openTransport(a);
    const bId = await openTransport(b);
    // B echoes every message back reversed.
    await b.evaluate(() => {
      const w = window as unknown as TransportWindow;
      w.t.on('link', (l) => l.on('message', (m) => l.send(m.slice().reverse())));
    });
    // Discovery: the local PeerServer lists B's transport to A.
    expect(await a.evaluate(() => (window as unknown as TransportWindow).t.listPeers())).toContain(bId);
    const received = await a.evaluate(async (peer) => {
      const link = await (window as unknown as TransportWindow).t.connect(peer);
      const big = new Uint8Array(300_000).map((_, i) => i % 251); // above Chromium's 256 KiB send cap
      const got: Array<{ length: number; first: number; last: number }> = [];
      const done = new Promise<void>((resolve) =>
        link.on('message', (m: Uint8Array) => {
          got.push({ length: m.length, first: m[0]!, last: m[m.length - 1]! });
          if (got.length === 2) resolve();
        }),
      );
      link.send(new Uint8Array([1, 2, 3]));
      link.send(big);
      await done;
      return got;
    }, bId);
    expect(received).toEqual([
      { length: 3, first: 3, last: 1 },
      { length: 300_000, first: 299_999 % 251, last: 0 },
    ]);
    await a.context().close();
    await b.context().close();
  });
});

describe('refusing other serializations', () => {
  it('closes a BinaryPack connection before decoding anything, and stays responsive', async () => {
    const a = await openTab();
    const b = await openTab();
    await openTransport(a);
    const bId = await openTransport(b);
    const outcome = await a.evaluate(async (peer) => {
      // Below the transport: its own PeerJS Peer (private to it), dialling with another serialization.
      const raw = ((window as unknown as TransportWindow).t as unknown as { peer: Peer }).peer;
      const conn = raw.connect(peer, { serialization: 'binary', reliable: true });
      return new Promise<string>((resolve) => {
        // The 5-byte message that hangs BinaryPack's decoder.
        conn.on('open', () => conn.dataChannel?.send(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])));
        conn.on('close', () => resolve('closed'));
        setTimeout(() => resolve('timeout'), 15_000);
      });
    }, bId);
    expect(outcome).toBe('closed');
    // B's main thread is not hung, and no link was handed to it.
    expect(await b.evaluate(() => 1 + 1)).toBe(2);
    expect(await b.evaluate(() => (window as unknown as TransportWindow).t.localId)).toBe(bId);
    await a.context().close();
    await b.context().close();
  });
});
