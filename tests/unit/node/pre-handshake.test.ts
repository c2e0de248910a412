// What a stranger can make us do before it has proved anything (issue 14: "bound what a stranger
// can make us store, compute or upload before doing it"), over the in-memory transport.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { INBOUND_LINKS_PER_SEC, MAX_INBOUND, PeerPool } from '../../../src/node/p2p/pool';
import { MAX_SHUNNED } from '../../../src/node/p2p/shun-list';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { makeNode, seededRandom, SimulatedNetwork } from './harness';
import { rawLink, versionOf } from './hostile-peer';

describe('before the handshake', { timeout: 30_000 }, () => {
  it('signs for at most a burst of new inbound links, then a few a second, however many a stranger opens', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await makeNode(net, REGTEST, { id: 'V' });
    const started = net.q.now();
    // One link after another sends a version (we answer with a Schnorr signature, ~1-10 ms of
    // main thread) and goes away: slots bound how many at once, not how many in all.
    const links = [];
    for (let i = 0; i < 3 * MAX_INBOUND; i++) {
      const l = await rawLink(net, `stranger${i}`, 'V');
      links.push(l);
      if (l.link.open) l.send(versionOf(`stranger${i}`));
      await net.until(() => !l.link.open || l.got.some((m) => m.type === 'verack'), 1_000, `stranger${i} answered`);
      l.link.close();
    }
    const signed = links.filter((l) => l.got.some((m) => m.type === 'verack')).length;
    const seconds = (net.q.now() - started) / 1000;
    expect(signed).toBeGreaterThan(0);
    expect(signed).toBeLessThanOrEqual(MAX_INBOUND + Math.ceil(seconds * INBOUND_LINKS_PER_SEC));
    v.node.stop();
  });

  it('forgets the oldest shunned ids past its bound, so free ids cannot grow the list without end', () => {
    const net = new SimulatedNetwork({ discovery: false });
    const noop = { onReady: () => {}, onMessage: () => {}, onClose: () => {}, onChange: () => {}, onOutdated: () => {} };
    const ctx = { params: REGTEST, identity: { secret: new Uint8Array(32).fill(1), key: new Uint8Array(32), nonce: 1n }, timers: net.q, random: seededRandom('v'), software: 'x', best: () => ({ height: 0, work: 0n }) };
    const pool = new PeerPool({ ctx, transport: net.createTransport('victim'), targetOutbound: 0 }, noop);
    const offender = (i: number) => ({ id: `sybil${i}`, nodeKeyHex: `key${i}`, direction: 'inbound' }) as unknown as PeerSession;
    for (let i = 0; i < MAX_SHUNNED; i++) pool.onClose(offender(i), 'bad-encoding', true, 'misbehaved');
    expect(pool.isBanned('sybil0')).toBe(false);
    expect(pool.isBanned(`sybil${MAX_SHUNNED - 1}`)).toBe(true);
    expect(pool.isBanned(`key${MAX_SHUNNED - 1}`)).toBe(true);
    expect(pool.bans.size).toBe(MAX_SHUNNED);
  });
});
