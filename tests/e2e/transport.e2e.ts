import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './helpers';

// Two isolated browser contexts find each other through the local PeerServer's discovery and
// exchange framed messages both ways over a raw WebRTC data channel.

interface Handle {
  simplecoin: {
    node: {
      transport: {
        localId: string;
        listPeers(): Promise<string[]>;
        connect(id: string): Promise<LinkLike>;
        on(e: 'link', cb: (l: LinkLike) => void): void;
      } | null;
      links: Map<string, LinkLike>;
    };
  };
  received: number[][];
  echoed: number;
}
interface LinkLike {
  remoteId: string;
  send(m: Uint8Array): void;
  on(e: 'message', cb: (m: Uint8Array) => void): void;
  on(e: 'close', cb: (r: { reason: string }) => void): void;
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openNode(): Promise<{ page: Page; id: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror', e));
  await page.goto(server.url);
  await page.waitForFunction(() => Boolean((window as unknown as Handle).simplecoin?.node?.transport?.localId));
  const id = await page.evaluate(() => (window as unknown as Handle).simplecoin.node.transport!.localId);
  return { page, id };
}

describe('PeerJS transport in Chromium', () => {
  it('shows the same-origin signaling server it chose', async () => {
    const { page } = await openNode();
    await expect.poll(() => page.getByTestId('signal-status').textContent()).toBe('connected');
    expect(await page.getByTestId('signal-server').textContent()).toContain('/peerjs');
    await page.context().close();
  });

  it('two contexts discover each other and exchange framed messages both ways', async () => {
    const a = await openNode();
    const b = await openNode();
    // The node on each side connects to what discovery lists; both end up with one link.
    await expect.poll(() => a.page.getByTestId('peer-count').textContent(), { timeout: 20_000 }).toBe('1 peers');
    await expect.poll(() => b.page.getByTestId('peer-count').textContent(), { timeout: 20_000 }).toBe('1 peers');

    // B echoes every message back reversed; A records what it receives.
    await b.page.evaluate((aId) => {
      const h = window as unknown as Handle;
      const link = h.simplecoin.node.links.get(aId)!;
      link.on('message', (m) => link.send(m.slice().reverse()));
    }, a.id);
    const received = await a.page.evaluate(async (bId) => {
      const h = window as unknown as Handle;
      const link = h.simplecoin.node.links.get(bId)!;
      const big = new Uint8Array(300_000).map((_, i) => i % 251); // above Chromium's 256 KiB send cap
      const got: Array<{ length: number; first: number; last: number }> = [];
      const done = new Promise<void>((resolve) =>
        link.on('message', (m) => {
          got.push({ length: m.length, first: m[0]!, last: m[m.length - 1]! });
          if (got.length === 2) resolve();
        }),
      );
      link.send(new Uint8Array([1, 2, 3]));
      link.send(big);
      await done;
      return got;
    }, b.id);
    expect(received).toEqual([
      { length: 3, first: 3, last: 1 },
      { length: 300_000, first: (299_999 % 251), last: 0 },
    ]);
    await a.page.context().close();
    await b.page.context().close();
  });
});

describe('refusing other serializations', () => {
  it('closes a BinaryPack connection before decoding anything, and stays responsive', async () => {
    const a = await openNode();
    const b = await openNode();
    await expect.poll(() => b.page.getByTestId('peer-count').textContent(), { timeout: 20_000 }).toBe('1 peers');
    const outcome = await a.page.evaluate(async (bId) => {
      type RawPeer = {
        connect(id: string, o: object): {
          on(e: string, cb: () => void): void;
          send(d: unknown): void;
          dataChannel?: RTCDataChannel;
        };
      };
      const transport = (window as unknown as { simplecoin: { node: { transport: { peer: RawPeer } } } }).simplecoin.node.transport;
      const conn = transport.peer.connect(bId, { serialization: 'binary', reliable: true });
      return new Promise<string>((resolve) => {
        conn.on('open', () => {
          // The 5-byte message that hangs BinaryPack's decoder.
          conn.dataChannel?.send(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff]));
        });
        conn.on('close', () => resolve('closed'));
        setTimeout(() => resolve('timeout'), 15_000);
      });
    }, b.id);
    expect(outcome).toBe('closed');
    // B's main thread is not hung: it still answers on the raw link.
    const echoed = await b.page.evaluate(() => 1 + 1);
    expect(echoed).toBe(2);
    expect(await b.page.getByTestId('peer-count').textContent()).toBe('1 peers');
    await a.page.context().close();
    await b.page.context().close();
  });
});
