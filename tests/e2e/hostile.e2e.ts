import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { recordReliability } from '../support/reliability';
import { height, nodeKey, openPeer, sameTip, submitBlock, tip, waitFor } from './node-page';
import { hostileCatalogue, mirrorChain, type HostileCase } from './hostile-catalogue';
import { toHex } from '../../src/core/encoding/bytes';

// Every entry of the hostile-peer catalogue, each from a fresh scripted peer (a real tab with its
// own node key) over a real WebRTC data channel to an honest tab. A second honest tab watches.

const t = useBrowserAndServer();
const { chain, blocks } = await mirrorChain();
const cases = await hostileCatalogue(chain, Math.floor(Date.now() / 1000));
const results: Array<Record<string, unknown>> = [];

let honest: Page;
let witness: Page;
let honestKey: string;
let honestTip: string;
const url = () => `${t.server.url}?net=regtest`;
/** The honest tab keeps the codes of the rules it refused by, from its node's 'rejected' events. */
type RefusalsWindow = Window & { refused?: string[] };

const sessionWith = (page: Page, key: string) =>
  page.evaluate((k) => {
    const s = window.simplecoin.pool().ready().find((x) => x.nodeKeyHex === k);
    return s ? s.id : null;
  }, key);

/** The names of the ready links to the node with this key (both ends name a link alike). */
const linksTo = (page: Page, key: string) =>
  page.evaluate((k) => window.simplecoin.pool().ready().filter((x) => x.nodeKeyHex === k).map((x) => x.connectionName), key);

/**
 * Both ends hold exactly one ready link to each other, and it is the same link. Two tabs may
 * dial each other at once; one end then drops the twin, and frames sent on it would be lost.
 */
async function settledLink(a: Page, aKey: string, b: Page, bKey: string): Promise<boolean> {
  const once = async () => {
    const [fromA, fromB] = [await linksTo(a, bKey), await linksTo(b, aKey)];
    return fromA.length === 1 && fromB.length === 1 && fromA[0] === fromB[0] ? fromA[0] : null;
  };
  const first = await once();
  if (first === null) return false;
  // A twin dialled at the same moment may still be handshaking: the link must hold a while.
  await new Promise((r) => setTimeout(r, 500));
  return (await once()) === first;
}

beforeAll(async () => {
  honest = await openPeer(t.browser, url());
  for (const b of blocks) await submitBlock(honest, toHex(b));
  honestTip = await tip(honest);
  expect(honestTip).toBe(chain.tip.hashHex);
  honestKey = await nodeKey(honest);
  await honest.evaluate(() => {
    const refused: string[] = [];
    (window as RefusalsWindow).refused = refused;
    window.simplecoin.node.events.on('rejected', (e) => refused.push(e.error.code));
  });
  witness = await openPeer(t.browser, url());
  await sameTip([honest, witness], 30_000, 'witness synced');
}, 120_000);

recordReliability('hostile', () => results);

async function attack(c: HostileCase): Promise<void> {
  const hostile = await openPeer(t.browser, url());
  const hostileKey = await nodeKey(hostile);
  let hostileId: string | null = null;
  await waitFor(async () => (await settledLink(honest, honestKey, hostile, hostileKey)) && Boolean((hostileId = await sessionWith(honest, hostileKey))), 30_000, 'hostile peer connected');
  const refusedBefore = await honest.evaluate(() => (window as RefusalsWindow).refused?.length ?? 0);
  const started = Date.now();
  await hostile.evaluate(
    ([target, frames, raw]) => {
      const bytes = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
      const s = window.simplecoin.pool().ready().find((x) => x.nodeKeyHex === target);
      if (!s) throw new Error('no session with the honest node');
      for (const f of frames) s.link.send(bytes(f));
      // A hostile peer writes below the framing: the link's own (protected) chunk writer.
      if (raw) (s.link as unknown as { sendChunk(chunk: Uint8Array): void }).sendChunk(bytes(raw));
    },
    [honestKey, c.frames.map(toHex), c.rawChunk ? toHex(c.rawChunk) : null] as const,
  );
  const refused = async () => (await honest.evaluate((n) => (window as RefusalsWindow).refused?.slice(n) ?? [], refusedBefore));
  const banned = () => honest.evaluate((k) => window.simplecoin.pool().isBanned(k), hostileKey);
  let reason = '';
  if (c.ban) {
    await waitFor(async () => (await banned()) && !(await sessionWith(honest, hostileKey)), 30_000, `${c.name}: sender shunned`);
    // The offending link's reason; any other link from the same node then closes as "shunned".
    const reasons = await honest.evaluate((id) => window.simplecoin.pool().closed.filter((x) => x.id === id).map((x) => x.reason), hostileId);
    reason = reasons.find((r) => c.reason.test(r)) ?? '';
    expect(reason, `${c.name}: ${reasons.join(' | ')}`).toMatch(c.reason);
  } else {
    await waitFor(async () => (await refused()).includes(c.rule), 30_000, `${c.name}: refused`);
    expect(await banned(), `${c.name}: not shunned`).toBe(false);
    expect(await sessionWith(honest, hostileKey), `${c.name}: still connected`).not.toBeNull();
  }
  if (c.rule) expect(await refused(), c.name).toContain(c.rule);
  // The honest nodes are unchanged: same tip, nothing pending, still connected to each other.
  expect(await tip(honest)).toBe(honestTip);
  expect(await honest.evaluate(() => window.simplecoin.node.mempool.size)).toBe(0);
  expect(await tip(witness)).toBe(honestTip);
  expect(await sessionWith(honest, await nodeKey(witness))).not.toBeNull();
  results.push({ case: c.name, rule: c.rule ?? null, reason: reason || `refused: ${c.rule}`, shunned: c.ban, ms: Date.now() - started });
  await hostile.context().close();
}

describe('hostile peers over a real data channel', () => {
  for (const c of cases) it(c.name, () => attack(c), 90_000);

  it('the learn view explains what was refused, by rule', async () => {
    expect(await height(honest)).toBe(blocks.length);
    await honest.evaluate(() => (window.location.hash = '#/learn'));
    await expect.poll(() => honest.getByTestId('reject-log').textContent()).toMatch(/bad-pow.*proof of work/);
    await expect.poll(() => honest.getByTestId('reject-log').textContent()).toMatch(/tx-wrong-chain/);
  });
});
