// The lab's network controls across three real tabs on a lab network, each set from the Lab view
// and announced to every member: "isolate me" (its peers stop receiving its blocks; un-isolated,
// it resyncs onto the heavier chain), added latency (a block it sends arrives at least that much
// later), packet loss (blocks still arrive, sent again), and splitting the class in two (both
// halves mine, the chains fork) until the halves rejoin and converge on the heavier chain. Blocks
// come from tests/support/lab-chain.ts, mined once: a tab submits one to "mine" it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { nodeKey, openPeer, readyPeers, sameTip, submitBlock, tip, waitFor } from './node-page';
import { encodeBlock, type Block } from '../../src/core/primitives/block';
import { toHex } from '../../src/core/encoding/bytes';
import { LAB_FIXTURE } from '../support/lab-fixture';
import { labBlockHash, labChain } from '../support/lab-chain';

const fx = useBrowserAndServer();

const submit = (page: Page, block: Block) => submitBlock(page, toHex(encodeBlock(block)));
const members = (page: Page) => page.getByRole('table', { name: 'What members did to their links' });
/** The members table row of the member with this node key, as another tab names it ("peer 1a2b3c"). */
const memberRow = (page: Page, key: string) => members(page).getByRole('row').filter({ hasText: `peer ${key.slice(0, 6)}` });

/** Submits `block` in `from`, and how long (ms) until `to` has it as its tip. */
async function arrival(from: Page, to: Page, block: Block): Promise<number> {
  const hash = labBlockHash(block);
  const start = Date.now();
  expect(await submit(from, block)).toBe('connected');
  await waitFor(async () => (await tip(to)) === hash, 60_000, `block ${hash.slice(0, 12)} reaching the other tab`);
  return Date.now() - start;
}

describe('lab network controls', () => {
  it('isolate, latency, loss and a split of the class, across real tabs, each seen by every member', async () => {
    const chain = await labChain();
    const url = `${fx.server.url}?net=${LAB_FIXTURE.name}#/lab`;
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await openPeer(fx.browser, url);
      expect(await submit(page, chain.b1)).toMatch(/connected|duplicate/);
      tabs.push(page);
    }
    const [t0, t1, t2] = tabs as [Page, Page, Page];
    const k0 = await nodeKey(t0);
    await waitFor(async () => (await Promise.all(tabs.map(readyPeers))).every((n) => n === 2), 60_000, 'every tab connected to both others');

    // Isolate me: the others are told, then t0 has no links; its block stays its own.
    await t0.getByLabel('Isolate me (cut every link)').check();
    for (const other of [t1, t2]) await waitFor(async () => (await memberRow(other, k0).textContent())?.includes('yes') ?? false, 20_000, 'the others shown t0 isolated');
    await waitFor(async () => (await readyPeers(t0)) === 0, 20_000, 't0 without links');
    expect(await submit(t0, chain.x2)).toBe('connected');
    expect(await submit(t1, chain.y2)).toBe('connected');
    expect(await submit(t1, chain.y3)).toBe('connected');
    await sameTip([t1, t2], 20_000, 'the others on y3');
    await new Promise((r) => setTimeout(r, 3_000));
    for (const other of [t1, t2]) expect(await tip(other)).toBe(labBlockHash(chain.y3));
    expect(await tip(t0)).toBe(labBlockHash(chain.x2));
    // Back: t0 resyncs onto the heavier chain, and the others see it is no longer isolated.
    await t0.getByLabel('Isolate me (cut every link)').uncheck();
    expect(await sameTip(tabs, 60_000, 't0 resynced')).toBe(labBlockHash(chain.y3));
    for (const other of [t1, t2]) await waitFor(async () => (await memberRow(other, k0).textContent())?.includes('no') ?? false, 20_000, 'the others shown t0 back');
    await waitFor(async () => (await readyPeers(t0)) === 2, 60_000, 't0 with both peers again');

    // Added latency: every message t0 sends waits 1.5 s, so its block arrives at least that much later.
    const baseline = await arrival(t0, t1, chain.z4);
    await t0.getByLabel('Added latency on my links (ms)').fill('1500');
    await t0.getByRole('button', { name: 'Apply latency' }).click();
    for (const other of [t1, t2]) await waitFor(async () => (await memberRow(other, k0).textContent())?.includes('1,500 ms') ?? false, 20_000, 'the others shown the latency');
    const delayed = await arrival(t0, t1, chain.z5);
    expect(delayed).toBeGreaterThanOrEqual(1_500);
    expect(delayed).toBeGreaterThan(baseline);
    console.log(`block arrival t0 → t1: ${baseline} ms without added latency, ${delayed} ms with 1500 ms`);

    // Packet loss: half of what t0 sends is lost and sent again; its block still arrives everywhere.
    await t0.getByLabel('Added latency on my links (ms)').fill('0');
    await t0.getByRole('button', { name: 'Apply latency' }).click();
    await t0.getByLabel('Packet loss on my links (%)').fill('50');
    await t0.getByRole('button', { name: 'Apply loss' }).click();
    for (const other of [t1, t2]) await waitFor(async () => (await memberRow(other, k0).textContent())?.includes('50 %') ?? false, 20_000, 'the others shown the loss');
    const lossy = await arrival(t0, t2, chain.z6);
    console.log(`block arrival t0 → t2 with 50 % loss: ${lossy} ms`);
    expect(await sameTip(tabs, 30_000, 'z6 everywhere')).toBe(labBlockHash(chain.z6));
    await t0.getByLabel('Packet loss on my links (%)').fill('0');
    await t0.getByRole('button', { name: 'Apply loss' }).click();

    // Split the class: every tab is told its half; links across close; each half mines on its own.
    await t1.getByRole('button', { name: /Split the class in two/ }).click();
    const sides: string[] = [];
    for (const t of tabs) {
      await waitFor(async () => (await t.getByTestId('lab-split-state').count()) === 1, 20_000, 'every tab shown the split');
      sides.push(/half ([AB])/.exec((await t.getByTestId('lab-split-state').textContent()) ?? '')![1]!);
    }
    const halfOf = (side: string) => tabs.filter((_, i) => sides[i] === side);
    const [first, second] = [halfOf(sides[0]!), halfOf(sides[0] === 'A' ? 'B' : 'A')];
    expect(first.length + second.length).toBe(3);
    expect(Math.min(first.length, second.length)).toBeGreaterThan(0);
    await waitFor(async () => (await Promise.all(tabs.map(readyPeers))).every((n, i) => n === halfOf(sides[i]!).length - 1), 30_000, 'links across the split closed');
    expect(await submit(first[0]!, chain.p7)).toBe('connected');
    expect(await submit(second[0]!, chain.q7)).toBe('connected');
    expect(await submit(second[0]!, chain.q8)).toBe('connected');
    // The fork: both halves mined, and each sees its own tip.
    expect(await sameTip(first, 20_000, 'the first half on p7')).toBe(labBlockHash(chain.p7));
    expect(await sameTip(second, 20_000, 'the second half on q8')).toBe(labBlockHash(chain.q8));
    // Rejoin (the other half rejoins when the split's time is up): all converge on the heavier chain.
    await t1.getByRole('button', { name: 'Rejoin now' }).click();
    expect(await sameTip(tabs, 120_000, 'converged after the rejoin')).toBe(labBlockHash(chain.q8));
    for (const t of tabs) await waitFor(async () => (await t.getByTestId('lab-split-state').count()) === 0, 90_000, 'every tab shown the rejoin');
    for (const t of tabs) await t.context().close();
  }, 400_000);
});
