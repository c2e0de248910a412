import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { nodeKey, openPeer, waitFor } from './node-page';
import { encodeMessage, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/core/p2p/messages';
import { REGTEST } from '../../src/core/protocol/networks';
import { fromHex, toHex } from '../../src/core/encoding/bytes';

// Issue 14, items 1 and 2, over real WebRTC data channels: an attacker tab that borrows an honest
// node's identity, and one that relays the handshake between two honest tabs (a man in the middle).
// Each attack opens its own links from the attacker's PeerJS transport, beside its normal session.

const t = useBrowserAndServer();
let victim: Page;
let honest: Page;
let victimId: string;
let honestId: string;
let honestKey: string;
const url = () => `${t.server.url}?net=regtest`;

const peerId = (page: Page) => page.evaluate(() => window.simplecoin.pool().localId);
const isBanned = (page: Page, key: string) => page.evaluate((k) => window.simplecoin.pool().isBanned(k), key);
const closedReasons = (page: Page, id: string) =>
  page.evaluate((i) => window.simplecoin.pool().closed.filter((c) => c.id === i).map((c) => c.reason), id);
const readyWithKey = (page: Page, key: string) =>
  page.evaluate((k) => window.simplecoin.pool().ready().filter((s) => s.nodeKeyHex === k).map((s) => s.id), key);

beforeAll(async () => {
  [victim, honest] = await Promise.all([openPeer(t.browser, url()), openPeer(t.browser, url())]);
  [victimId, honestId, honestKey] = [await peerId(victim), await peerId(honest), await nodeKey(honest)];
  await waitFor(async () => (await readyWithKey(victim, honestKey)).length > 0, 30_000, 'victim and honest connected');
}, 120_000);

describe('identity over real data channels', () => {
  it("an attacker naming the honest node's key and id, then misbehaving, gets only itself shunned", async () => {
    const attacker = await openPeer(t.browser, url());
    const attackerId = await peerId(attacker);
    const version = (claimedId: string) =>
      toHex(encodeMessage({ type: 'version', protocolVersion: PROTOCOL_VERSION, minProtocolVersion: MIN_PROTOCOL_VERSION, genesis: REGTEST.genesisHash, bestHeight: 0, bestWork: 0n, software: 'hostile', nonce: 5n, nodeKey: fromHex(honestKey), challenge: new Uint8Array(32).fill(1), peerId: claimedId }));
    const zeroVerack = toHex(encodeMessage({ type: 'verack', signature: new Uint8Array(64) }));
    // 1: claims the honest node's key and PeerJS id, then one malformed byte. 2: its own id, then a zero verack.
    for (const frames of [[version(honestId), 'ee'], [version(attackerId), zeroVerack]]) {
      await attacker.evaluate(
        async ([to, hex]) => {
          const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
          const link = await window.simplecoin.node.transport!.connect(to, 10_000);
          for (const f of hex) link.send(bytes(f));
        },
        [victimId, frames] as const,
      );
    }
    await waitFor(async () => (await closedReasons(victim, attackerId)).some((r) => r.startsWith('bad-auth')), 20_000, 'zero verack refused');
    expect((await closedReasons(victim, attackerId)).some((r) => r.startsWith('bad-peerid'))).toBe(true);
    expect(await isBanned(victim, attackerId)).toBe(true);
    expect(await isBanned(victim, honestKey)).toBe(false);
    expect(await isBanned(victim, honestId)).toBe(false);
    expect(await readyWithKey(victim, honestKey)).not.toEqual([]);
    await attacker.context().close();
  });

  it('a man in the middle relaying the handshake between two honest tabs is refused by both', async () => {
    const mitm = await openPeer(t.browser, url());
    const mitmId = await peerId(mitm);
    const victimKey = await nodeKey(victim);
    await mitm.evaluate(
      async ([a, b]) => {
        const transport = window.simplecoin.node.transport!;
        const [toA, toB] = [await transport.connect(a, 10_000), await transport.connect(b, 10_000)];
        const me = new TextEncoder().encode(transport.localId);
        // Passes every message on unchanged, except that a version's peerId (its last field) becomes
        // the relay's own id, so that only the handshake signature stands in the way.
        const rewrite = (m: Uint8Array) => {
          if (m[0] !== 1) return m;
          const at = 77 + 1 + m[77]! + 8 + 32 + 32;
          const out = new Uint8Array(at + 1 + me.length);
          out.set(m.subarray(0, at));
          out[at] = me.length;
          out.set(me, at + 1);
          return out;
        };
        toA.on('message', (m: Uint8Array) => toB.open && toB.send(rewrite(m)));
        toB.on('message', (m: Uint8Array) => toA.open && toA.send(rewrite(m)));
      },
      [victimId, honestId] as const,
    );
    // The relay's links are the only ones from its id that fail authentication (its own session is honest).
    const refusedBy = async (page: Page) => (await closedReasons(page, mitmId)).some((r) => r.startsWith('bad-auth'));
    await waitFor(async () => (await refusedBy(victim)) && (await refusedBy(honest)), 20_000, 'relay refused by both ends');
    expect(await readyWithKey(victim, honestKey)).not.toContain(mitmId);
    expect(await readyWithKey(honest, victimKey)).not.toContain(mitmId);
    expect(await isBanned(victim, honestKey)).toBe(false);
    expect(await isBanned(honest, victimKey)).toBe(false);
    expect(await readyWithKey(victim, honestKey)).not.toEqual([]);
    await mitm.context().close();
  });
});
