import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { height, mine, nodeKey, openNode, readyPeers, sameTip, tip, waitFor } from './node-page';
import { ALICE, BOB, transfer } from '../unit/core/helpers';
import { encodeTx, txid } from '../../src/core/primitives/tx';
import { toHex } from '../../src/core/encoding/bytes';
import { COIN } from '../../src/core/protocol/consensus';

// Gossip and sync between real tabs, each in its own browser context, over the local PeerServer.

const t = useBrowserAndServer({ server: false });
const server = (env: Record<string, string> = {}) => t.startServer(env);

async function tabs(url: string, n: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) pages.push(await openNode(t.browser, url));
  return pages;
}

const closeAll = (pages: Page[]) => Promise.all(pages.map((p) => p.context().close()));

describe('gossip and sync in Chromium', () => {
  it('four tabs: blocks mined in one reach all four; a tab joining after 50 blocks syncs them', async () => {
    const s = await server();
    const pages = await tabs(`${s.url}?net=regtest`, 4);
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n >= 1), 20_000, 'peers');
    await mine(pages[0]!, 3);
    await sameTip(pages, 20_000);
    expect(await height(pages[3]!)).toBe(3);
    await mine(pages[1]!, 50);
    const late = await openNode(t.browser, `${s.url}?net=regtest`);
    const all = [...pages, late];
    const synced = await sameTip(all, 40_000, 'late joiner synced');
    expect(synced).toBe(await tip(pages[1]!));
    expect(await height(late)).toBe(53);
    await closeAll(all);
  });

  it('a transaction reaches every mempool and the next block confirms it everywhere', async () => {
    const s = await server();
    const pages = await tabs(`${s.url}?net=regtest`, 3);
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n >= 2), 20_000, 'mesh');
    await mine(pages[0]!, 4, ALICE.hex);
    await sameTip(pages, 20_000);
    const tx = transfer(ALICE, BOB, 3n * COIN, 0);
    const id = toHex(txid(tx));
    await pages[2]!.evaluate((bytes) => window.simplecoin.node.submitRawTx(new Uint8Array(bytes)), [...encodeTx(tx)]);
    await waitFor(async () => (await Promise.all(pages.map((p) => p.evaluate((i) => window.simplecoin.node.mempool.has(i), id)))).every(Boolean), 20_000, 'tx in every mempool');
    await mine(pages[1]!, 1);
    await sameTip(pages, 20_000);
    for (const p of pages) {
      const state = await p.evaluate(([i, bob]) => ({ pending: window.simplecoin.node.mempool.has(i), bob: String(window.simplecoin.node.chain.account(bob)?.balance ?? 0n) }), [id, BOB.hex] as const);
      expect(state).toEqual({ pending: false, bob: String(3n * COIN) });
    }
    await closeAll(pages);
  });

  it('partitioned groups both mine; after healing every tab converges on the heavier chain', async () => {
    const s = await server();
    const pages = await tabs(`${s.url}?net=regtest`, 4);
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n >= 3), 30_000, 'full mesh');
    const keys = await Promise.all(pages.map(nodeKey));
    const groups = [keys.slice(0, 2), keys.slice(2)];
    for (const [i, p] of pages.entries()) {
      const mine = groups[i < 2 ? 0 : 1]!;
      await p.evaluate((allowed) => window.simplecoin.pool().setPartition((k: string) => allowed.includes(k)), mine);
    }
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n === 1), 20_000, 'split');
    await mine(pages[0]!, 3);
    await mine(pages[2]!, 5, ALICE.hex);
    await sameTip(pages.slice(0, 2), 20_000);
    await sameTip(pages.slice(2), 20_000);
    expect(await tip(pages[0]!)).not.toBe(await tip(pages[2]!));
    for (const p of pages) await p.evaluate(() => window.simplecoin.pool().setPartition(null));
    const heavier = await tip(pages[2]!);
    expect(await sameTip(pages, 40_000, 'converged after healing')).toBe(heavier);
    const balances = await Promise.all(pages.map((p) => p.evaluate((a) => String(window.simplecoin.node.chain.account(a)?.locked.length ?? 0), ALICE.hex)));
    expect(new Set(balances).size).toBe(1);
    await closeAll(pages);
  });

  it('keeps relaying when the PeerServer stops, and a new tab joins once it is back', async () => {
    const first = await server();
    const port = new URL(first.url).port;
    const pages = await tabs(`${first.url}?net=regtest`, 2);
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n >= 1), 20_000, 'pair');
    await first.stop();
    await mine(pages[0]!, 2);
    await sameTip(pages, 20_000, 'relay without the server');
    const again = await server({ PORT: port });
    const late = await openNode(t.browser, `${again.url}?net=regtest`);
    await sameTip([...pages, late], 60_000, 'new tab after restart');
    await closeAll([...pages, late]);
  });

  it('four tabs find each other without server discovery, through rendezvous ids and peer exchange', async () => {
    const s = await server({ PEER_DISCOVERY: 'off' });
    expect(await (await fetch(`${s.url}peerjs/peerjs/peers`)).status).not.toBe(200);
    const pages = await tabs(`${s.url}?net=regtest`, 4);
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((n) => n >= 1), 30_000, 'peers via rendezvous');
    await mine(pages[3]!, 2);
    await sameTip(pages, 30_000);
    expect(await height(pages[0]!)).toBe(2);
    await closeAll(pages);
  });
});
