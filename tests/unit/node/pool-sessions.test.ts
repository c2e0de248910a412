// The peer pool's rules for sessions (pool.ts): one session per node key, a restart replaces the
// old session, a partition splits and heals, a shun covers the link id and the proven key, and a
// quorum of verified keys is needed to call us outdated. Every end is a real pool on the in-memory
// network; pool-rig.ts builds them.
import { describe, expect, it } from 'vitest';
import { MAINTAIN_MS, OUTDATED_QUORUM, SHUN_MS } from '../../../src/node/p2p/pool';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { SimulatedNetwork } from './harness';
import { rawLink } from './hostile-peer';
import { closesOf, keyOf, poolOf, readyIds, started, stopAll, type RigPool } from './pool-rig';

/** An end that only answers: on a network with discovery, others would dial each other. */
const passive = { targetOutbound: 0 };

/** The names in `names` ordered by their node keys, smallest first. */
const byKey = (a: string, b: string): [string, string] => (keyOf(a) < keyOf(b) ? [a, b] : [b, a]);

/** A node at `name` that is also reachable at `${name}-alt` (as a main id and a rendezvous id are). */
async function twoIds(net: SimulatedNetwork, name: string): Promise<RigPool> {
  const node = await started(net, name, passive);
  net.createTransport(`${name}-alt`).on('link', (link) => node.pool.adopt(link, `${name}-alt`));
  return node;
}

describe('the peer pool: sessions', { timeout: 30_000 }, () => {
  it('splits on setPartition: closes the ready peers outside the allowed side, refuses them while split, and dials them at once when healed', async () => {
    const net = new SimulatedNetwork({ discovery: true });
    const a = await started(net, 'a', passive);
    const b = await started(net, 'b', passive);
    // 4: two slots go to rendezvous ids (none held here), two to the signaling server's list.
    const v = await started(net, 'v', { targetOutbound: 4 });
    await net.until(() => readyIds(v).length === 2, 2_000, 'both peers');
    v.pool.setPartition((key) => key === keyOf('a'));
    expect(readyIds(v)).toEqual(['a']);
    expect(closesOf(v, 'b')).toEqual(['partitioned']);
    // Maintenance dials b again while split; its handshake completes and the partition refuses it.
    await net.wait(3 * MAINTAIN_MS + MAINTAIN_MS / 2);
    expect(readyIds(v)).toEqual(['a']);
    expect(closesOf(v, 'b').length).toBeGreaterThanOrEqual(3);
    expect(new Set(closesOf(v, 'b'))).toEqual(new Set(['partitioned']));
    expect(b.pool.ready()).toHaveLength(0);
    // Healing dials at once, not at the next maintenance round (half a round away).
    v.pool.setPartition(null);
    await net.until(() => readyIds(v).length === 2, MAINTAIN_MS / 4, 'healed');
    expect(readyIds(v)).toEqual(['a', 'b']);
    stopAll(a, b, v);
  });

  it('leaves a link still in its handshake to the partition check at its end: it has proved no key yet', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const a = await started(net, 'a');
    await a.dial('v');
    await rawLink(net, 'raw', 'v');
    await net.until(() => readyIds(v).includes('a'), 1_000, 'a');
    v.pool.setPartition(() => false);
    expect(closesOf(v, 'a')).toEqual(['partitioned']);
    expect([...v.pool.sessions].map((s) => [s.id, s.state])).toEqual([['raw', 'handshake']]);
    stopAll(v, a);
  });

  for (const decider of ['dialler', 'dialled'] as const) {
    it(`keeps one session to a node reachable at two ids; the end with the smaller key (the ${decider}) refuses the other, and it is not dialled again`, async () => {
      const net = new SimulatedNetwork({ discovery: true });
      const [small, large] = byKey('d1', 'd2');
      const [dName, tName] = decider === 'dialler' ? [small, large] : [large, small];
      const t = await twoIds(net, tName);
      const d = await started(net, dName, { targetOutbound: 4 });
      await net.until(() => closesOf(d, `${tName}-alt`).length > 0, 2_000, 'one twin closed');
      await net.wait(3 * MAINTAIN_MS);
      // Both ends keep the connection with the smaller name: dialler key, then the id dialled.
      expect(readyIds(d)).toEqual([tName]);
      expect(t.pool.ready().map((s) => s.localId)).toEqual([tName]);
      if (decider === 'dialler') {
        expect(closesOf(d, `${tName}-alt`)).toEqual(['duplicate']);
        expect(closesOf(t, dName)).toEqual(['peer-closed']);
      } else {
        expect(closesOf(d, `${tName}-alt`)).toEqual(['peer-closed']);
        expect(closesOf(t, dName)).toEqual(['duplicate']);
        // The second session to be ready was refused on arrival: its node never heard of it.
        expect(t.log.ready).toEqual([dName]);
      }
      stopAll(d, t);
    });
  }

  it('replaces the session of a node that restarted (same key, new nonce) and keeps the one of a node reachable twice (same nonce)', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const before = await started(net, 'r1', { keyName: 'r', nonce: 1n });
    await before.dial('v');
    await net.until(() => readyIds(v).includes('r1'), 2_000, 'first session');
    const after = poolOf(net, 'r2', { keyName: 'r', nonce: 2n });
    await after.dial('v');
    await net.until(() => readyIds(v).includes('r2'), 2_000, 'second session');
    expect(readyIds(v)).toEqual(['r2']);
    expect(closesOf(v, 'r1')).toEqual(['restarted']);
    expect(closesOf(v, 'r2')).toEqual([]);
    stopAll(v, before, after);
  });

  it('shuns what a misbehaving peer proved, its link id and its verified key, for SHUN_MS: neither gets a session meanwhile', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const v = await started(net, 'v');
    const m = poolOf(net, 'm');
    await m.dial('v');
    await net.until(() => readyIds(v).includes('m'), 2_000, 'session');
    const session = v.pool.ready()[0] as PeerSession;
    session.misbehave('bad-encoding');
    expect(closesOf(v, 'm')).toEqual(['misbehaved']);
    expect(v.pool.isBanned('m')).toBe(true);
    expect(v.pool.isBanned(keyOf('m'))).toBe(true);
    // The same key from a fresh id gets through the link check and is refused once it proves its key.
    const again = poolOf(net, 'm2', { keyName: 'm' });
    await again.dial('v');
    await net.wait(100);
    expect(closesOf(v, 'm2')).toEqual(['shunned']);
    // The banned id itself never gets a session: its link closes before any handshake.
    await m.dial('v');
    await net.wait(100);
    expect(readyIds(v)).toEqual([]);
    expect(closesOf(v, 'm')).toEqual(['misbehaved']);
    expect(closesOf(m, 'v').at(-1)).toBe('link-closed');
    await net.wait(SHUN_MS);
    expect(v.pool.isBanned('m')).toBe(false);
    expect(v.pool.isBanned(keyOf('m'))).toBe(false);
    stopAll(v, m, again);
  });

  it('calls itself outdated only when OUTDATED_QUORUM distinct verified keys say so, with the lowest version they need', () => {
    const net = new SimulatedNetwork();
    const v = poolOf(net, 'v');
    const peer = (nodeKeyHex: string) => ({ nodeKeyHex }) as PeerSession;
    v.pool.onOutdated(peer(''), 9);
    v.pool.onOutdated(peer('k1'), 7);
    v.pool.onOutdated(peer('k1'), 5);
    expect(v.log.outdated).toEqual([]);
    expect(OUTDATED_QUORUM).toBe(2);
    v.pool.onOutdated(peer('k2'), 8);
    expect(v.log.outdated).toEqual([5]);
    // Further keys are not stored (the table is bounded), and the quorum still holds.
    v.pool.onOutdated(peer('k3'), 3);
    expect(v.log.outdated).toEqual([5, 5]);
  });
});
