// Reproducible lab sessions (issue 18): a real tab on a lab network gets blocks and a transfer
// while a classmate's tab isolates itself from the Lab view, mines a longer branch and rejoins, so
// the recording tab reorganises onto it; it exports the session (a download), and a fresh browser
// context on another network opens the file from the Lab view and replays it: the same tip and the
// same event count, a timeline that moves with the keyboard, a damaged file refused next to the
// file field, axe clean, and nothing scrolling sideways at 390 px.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { height, nodeKey, openNode, openPeer, readyPeers, submitBlock, submitTx, tip, waitFor } from './node-page';
import { blockHash, encodeBlock } from '../../src/core/primitives/block';
import { encodeTx } from '../../src/core/primitives/tx';
import { toHex } from '../../src/core/encoding/bytes';
import { LAB_FIXTURE, labFixtureBlocks, labFixtureFork, labFixtureTransfer } from '../support/lab-fixture';

const fx = useBrowserAndServer();

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('lab sessions', () => {
  it('exports a session from a lab tab and replays it in a fresh context, with a timeline', async () => {
    const [blocks, fork] = await Promise.all([labFixtureBlocks(), labFixtureFork()]);
    const lab = await openNode(fx.browser, `${fx.server.url}?net=${LAB_FIXTURE.name}#/lab`);
    // The recorder is there once the export button is.
    await lab.getByTestId('lab-session-export').waitFor({ timeout: 30_000 });
    for (const block of blocks.slice(0, 6)) expect(await submitBlock(lab, toHex(encodeBlock(block)))).toBe('connected');
    // A classmate joins, isolates itself from the Lab view and mines a longer private branch.
    const rival = await openPeer(fx.browser, `${fx.server.url}?net=${LAB_FIXTURE.name}#/lab`);
    await waitFor(async () => (await height(rival)) === 6 && (await readyPeers(lab)) === 1, 60_000, 'the classmate synced to block 6');
    const isolate = rival.getByLabel('Isolate me (cut every link)');
    await isolate.check();
    await waitFor(async () => (await readyPeers(lab)) === 0, 30_000, 'the classmate cut off');
    for (const block of fork) expect(await submitBlock(rival, toHex(encodeBlock(block)))).toBe('connected');
    // Meanwhile the recording tab confirms a transfer.
    expect(await submitBlock(lab, toHex(encodeBlock(blocks[6]!)))).toBe('connected');
    await submitTx(lab, toHex(encodeTx(labFixtureTransfer())));
    expect(await submitBlock(lab, toHex(encodeBlock(blocks[7]!)))).toBe('connected');
    // The classmate rejoins: the recording tab reorganises onto its heavier branch.
    await isolate.uncheck();
    const forkTip = toHex(blockHash(fork[2]!));
    await waitFor(async () => (await tip(lab)) === forkTip, 90_000, 'the recording tab on the heavier branch');
    await waitFor(async () => /\d+ events so far/.test((await lab.getByTestId('lab-session').textContent()) ?? ''), 10_000, 'the recorder to count the events');
    const labTip = await tip(lab);

    const [download] = await Promise.all([lab.waitForEvent('download'), lab.getByTestId('lab-session-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^lab-fixture-session-.*\.json$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-session-')), download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'simplecoin-lab-session', version: 1, lab: 'lab-fixture' });
    expect(exported.blocks).toHaveLength(11);
    const kinds: string[] = exported.events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k) => k === 'block')).toHaveLength(11);
    expect(kinds).toContain('transfer');
    expect(exported.events.find((e: { kind: string }) => e.kind === 'reorg')).toMatchObject({ depth: 2, tip: forkTip, height: 9 });
    // Who did what: the classmate's isolation and rejoin, by its node key.
    const rivalKey = await nodeKey(rival);
    expect(exported.events.filter((e: { kind: string; by?: string }) => e.kind === 'control' && e.by === rivalKey)).toHaveLength(2);

    // A fresh context, on main: the hand-out opens on any tab.
    const viewer = await openNode(fx.browser, `${fx.server.url}#/lab`);
    const fileField = viewer.getByLabel('Open a session file');
    await fileField.setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something else"}') });
    await expect(viewer.getByTestId('lab-session-file-error').textContent()).resolves.toBe('This file is not a SimpleCoin lab session.');
    expect(await fileField.getAttribute('aria-invalid')).toBe('true');

    await fileField.setInputFiles(file);
    const replay = viewer.getByTestId('lab-replay');
    await replay.waitFor({ timeout: 30_000 });
    // Round trip: the replaying node reached the same tip from the file's blocks, and has every event.
    expect(await replay.getAttribute('data-tip')).toBe(labTip);
    expect(Number(await replay.getAttribute('data-events'))).toBe(exported.events.length);
    await expect(viewer.getByTestId('lab-replay-checked').textContent()).resolves.toBe('11 blocks in the file, each checked by this tab’s node: 11 valid, 0 refused.');
    expect(await viewer.getByTestId('lab-session-file-error').count()).toBe(0);

    // The timeline, by keyboard: Home is the start, → one event on, End the last.
    const scrub = viewer.getByLabel('Timeline');
    const tipHeight = () => viewer.getByTestId('lab-replay-tip').getAttribute('data-height');
    await scrub.focus();
    await viewer.keyboard.press('Home');
    expect(await tipHeight()).toBe('0');
    await expect(viewer.getByTestId('lab-replay-position').textContent()).resolves.toBe('Start of the session: nothing has happened yet.');
    await viewer.keyboard.press('ArrowRight');
    await expect(viewer.getByTestId('lab-replay-position').textContent()).resolves.toMatch(new RegExp(`^Event 1 of ${exported.events.length} · `));
    const firstBlock = kinds.indexOf('block') + 1;
    for (let i = 1; i < firstBlock; i++) await viewer.keyboard.press('ArrowRight');
    expect(await tipHeight()).toBe('1');
    expect(await scrub.getAttribute('aria-valuetext')).toMatch(/Block 1 \(.*\) joined the chain/);
    await viewer.keyboard.press('End');
    expect(await tipHeight()).toBe('9');
    // The fork tree at the end: the rival's branch is best, the recording tab's own 7 and 8 are stale.
    expect(await replay.locator('svg').getAttribute('aria-label')).toBe('The chain at this point: 12 blocks, 2 on stale branches');
    await expect(viewer.getByTestId('lab-replay-narration').textContent()).resolves.toMatch(/Reorganisation: a heavier branch replaced 2 blocks/);
    // Just before the reorg (its first block), the tip was the recording tab's block 8.
    const forkBlock7 = toHex(blockHash(fork[0]!));
    const reorgAt = exported.events.findIndex((e: { kind: string; hash?: string }) => e.kind === 'block' && e.hash === forkBlock7);
    expect(reorgAt).toBeGreaterThan(0);
    await viewer.keyboard.press('Home');
    for (let i = 0; i < reorgAt; i++) await viewer.keyboard.press('ArrowRight');
    expect(await tipHeight()).toBe('8');
    await viewer.keyboard.press('End');
    // Play runs to the end from the start.
    await viewer.keyboard.press('Home');
    await viewer.getByTestId('lab-replay-play').click();
    await waitFor(async () => (await tipHeight()) !== '0', 10_000, 'play to move the timeline');
    await viewer.getByTestId('lab-replay-play').click();
    expect(await viewer.getByTestId('lab-replay-play').getAttribute('aria-pressed')).toBe('false');
    await scrub.focus();
    await viewer.keyboard.press('End');

    const axe = await new AxeBuilder({ page: viewer }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // LAB_SCREENSHOTS=dir keeps the replay view (the closing note shows it).
    if (process.env.LAB_SCREENSHOTS) await viewer.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/lab-session-replay-1280.png`, fullPage: true });
    await viewer.setViewportSize({ width: 390, height: 844 });
    expect(await noSideScroll(viewer)).toBeLessThanOrEqual(0);
    if (process.env.LAB_SCREENSHOTS) await viewer.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/lab-session-replay-390.png`, fullPage: true });
    await lab.setViewportSize({ width: 390, height: 844 });
    expect(await noSideScroll(lab)).toBeLessThanOrEqual(0);
    const labAxe = await new AxeBuilder({ page: lab }).include('[data-testid="lab-session"]').analyze();
    expect(labAxe.violations.map((v) => v.id)).toEqual([]);
    for (const page of [lab, rival, viewer]) await page.context().close();
  }, 180_000);
});
