import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Message } from '../../../src/core/p2p/messages';
import { fromHex } from '../../../src/core/encoding/bytes';
import { util as peerJsUtil } from 'peerjs';
import { classroomNetwork, MAIN, REGTEST } from '../../../src/core/protocol/networks';
import { rendezvousId } from '../../../src/node/p2p/pool';
import { makeNode, SimulatedNetwork, type TestNode } from './harness';
import { rawLink, relay, scriptedListener, scriptedSession, versionOf } from './hostile-peer';

// A peer is only who it proves to be (issue 14, items 1, 2 and 7): penalties land on the link's
// own transport id and on a node key only after its signature verified on that link.

async function victimAndHonest(): Promise<{ net: SimulatedNetwork; v: TestNode; k: TestNode; kKey: Uint8Array }> {
  // Discovery off: the two honest nodes meet through a rendezvous id, and nobody dials the attacker.
  const net = new SimulatedNetwork({ discovery: false });
  const v = await makeNode(net, REGTEST, { id: 'V' });
  const k = await makeNode(net, REGTEST, { id: 'K' });
  await net.until(() => v.node.p2p!.pool.ready().some((s) => s.nodeKeyHex === k.node.nodeKeyHex), 5_000, 'V and K connected');
  return { net, v, k, kKey: fromHex(k.node.nodeKeyHex) };
}

const closedWith = (n: TestNode, id: string) => n.node.p2p!.pool.closed.filter((c) => c.id === id).map((c) => c.reason);
const stop = (...nodes: TestNode[]) => nodes.forEach((n) => n.node.stop());

describe('bans land only on what the offender proved', { timeout: 20_000 }, () => {
  it("naming an honest node's key and PeerJS id, then one malformed byte, does not ban that node", async () => {
    const { net, v, k, kKey } = await victimAndHonest();
    const evil = await rawLink(net, 'evil', 'V');
    evil.send(versionOf('K', { nodeKey: kKey }));
    evil.link.send(new Uint8Array([0xee]));
    // Closed at both ends: whatever V sent before closing has arrived (a link is first in, first out).
    await net.until(() => closedWith(v, 'evil').length > 0 && !evil.link.open, 5_000, 'evil closed');
    const pool = v.node.p2p!.pool;
    expect(pool.isBanned(k.node.nodeKeyHex)).toBe(false);
    expect(pool.isBanned('K')).toBe(false);
    // The claimed id does not match the link: refused before anything else, and nothing is passed on.
    expect(closedWith(v, 'evil')[0]).toMatch(/^bad-peerid/);
    expect(evil.got.some((m) => m.type === 'reject' && m.code === 'bad-peerid')).toBe(true);
    expect(pool.ready().some((s) => s.nodeKeyHex === k.node.nodeKeyHex && s.id === 'K')).toBe(true);
    stop(v, k);
  });

  it('a zero verack under a borrowed key bans the link id, never the key', async () => {
    const { net, v, k, kKey } = await victimAndHonest();
    const evil = await rawLink(net, 'evil', 'V');
    evil.send(versionOf('evil', { nodeKey: kKey }));
    evil.send({ type: 'verack', signature: new Uint8Array(64) });
    await net.until(() => closedWith(v, 'evil').length > 0, 5_000, 'evil closed');
    expect(closedWith(v, 'evil')[0]).toMatch(/^bad-auth/);
    expect(v.node.p2p!.pool.isBanned('evil')).toBe(true);
    expect(v.node.p2p!.pool.isBanned(k.node.nodeKeyHex)).toBe(false);
    stop(v, k);
  });

  it('a malformed message under a borrowed key, before any verack, bans the link id only', async () => {
    const { net, v, k, kKey } = await victimAndHonest();
    const evil = await rawLink(net, 'evil', 'V');
    evil.send(versionOf('evil', { nodeKey: kKey }));
    evil.link.send(new Uint8Array([0xee, 1]));
    await net.until(() => closedWith(v, 'evil').length > 0, 5_000, 'evil closed');
    expect(closedWith(v, 'evil')[0]).toMatch(/^bad-encoding/);
    expect(v.node.p2p!.pool.isBanned('evil')).toBe(true);
    expect(v.node.p2p!.pool.isBanned(k.node.nodeKeyHex)).toBe(false);
    stop(v, k);
  });

  it('naming a rendezvous id does not shun the rendezvous id', async () => {
    const { net, v, k } = await victimAndHonest();
    const rv = rendezvousId(REGTEST, 0);
    const evil = await rawLink(net, 'evil', 'V');
    evil.send(versionOf(rv));
    evil.link.send(new Uint8Array([0xee]));
    await net.until(() => closedWith(v, 'evil').length > 0, 5_000, 'evil closed');
    expect(v.node.p2p!.pool.isBanned(rv)).toBe(false);
    stop(v, k);
  });
});

describe('the handshake is bound to its link', { timeout: 20_000 }, () => {
  it('a man in the middle relaying both handshakes is refused at both ends, and only it is shunned', async () => {
    const { net, v, k } = await victimAndHonest();
    await relay(net, 'mitm', 'V', 'K');
    await net.until(() => closedWith(v, 'mitm').length > 0 && closedWith(k, 'mitm').length > 0, 5_000, 'relay refused');
    expect(closedWith(v, 'mitm')[0]).toMatch(/^bad-auth/);
    expect(closedWith(k, 'mitm')[0]).toMatch(/^bad-auth/);
    for (const [n, other] of [[v, k], [k, v]] as const) {
      const pool = n.node.p2p!.pool;
      expect(pool.isBanned('mitm')).toBe(true);
      expect(pool.isBanned(other.node.nodeKeyHex)).toBe(false);
      // Never accepted as the other node, and the real session was not dropped as a "restart".
      expect(pool.ready().filter((s) => s.nodeKeyHex === other.node.nodeKeyHex).map((s) => s.id)).not.toContain('mitm');
      expect(pool.ready().some((s) => s.nodeKeyHex === other.node.nodeKeyHex)).toBe(true);
      expect(pool.closed.map((c) => c.reason).join('|')).not.toMatch(/restarted/);
    }
    stop(v, k);
  });
});

describe('what a version says about the sender', { timeout: 20_000 }, () => {
  it('an unauthenticated version asking for protocol 99 shows no update notice', async () => {
    const { net, v, k } = await victimAndHonest();
    let outdated = 0;
    v.node.events.on('outdated', () => outdated++);
    const evil = await rawLink(net, 'evil', 'V');
    evil.send(versionOf('evil', { protocolVersion: 99, minProtocolVersion: 99 }));
    await net.until(() => evil.got.some((m) => m.type === 'verack') || !evil.link.open, 5_000, 'V answered');
    await net.wait(100);
    expect(outdated).toBe(0);
    stop(v, k);
  });

  it('the notice needs two peers that proved their keys; one is not enough', async () => {
    const { net, v, k } = await victimAndHonest();
    const minimums: number[] = [];
    v.node.events.on('outdated', (e) => minimums.push(e.minVersion));
    const newer = (m: Message): Message => (m.type === 'version' ? { ...m, protocolVersion: PROTOCOL_VERSION + 1, minProtocolVersion: PROTOCOL_VERSION + 1 } : m);
    const first = await scriptedSession(net, 'new-1', 'V', newer);
    await net.until(() => closedWith(v, 'new-1').length > 0, 5_000, 'first newer peer');
    expect(minimums).toEqual([]);
    expect(closedWith(v, 'new-1')[0]).toMatch(/^outdated/);
    await scriptedSession(net, 'new-2', 'V', newer);
    await net.until(() => minimums.length > 0, 5_000, 'notice');
    expect(minimums[0]).toBe(PROTOCOL_VERSION + 1);
    expect(first.events.closed).not.toBeNull();
    stop(v, k);
  });

  it("a version's peerId must be the link's own id, and a claimed one is never passed on in addr", async () => {
    const { net, v, k } = await victimAndHonest();
    const liar = await scriptedSession(net, 'liar', 'V', (m) => (m.type === 'version' ? { ...m, peerId: 'ghost' } : m));
    await net.until(() => liar.events.closed !== null || liar.events.ready, 5_000, 'liar answered');
    expect(liar.events.ready).toBe(false);
    expect(closedWith(v, 'liar')[0]).toMatch(/^bad-peerid/);
    const asker = await scriptedSession(net, 'asker', 'V');
    await net.until(() => asker.events.ready, 5_000, 'asker ready');
    asker.session.send({ type: 'getaddr' });
    await net.until(() => asker.got.some((m) => m.type === 'addr'), 5_000, 'addr');
    const ids = asker.got.flatMap((m) => (m.type === 'addr' ? m.ids : []));
    expect(ids).toContain('V');
    expect(ids).not.toContain('ghost');
    stop(v, k);
  });

  it('on a link we dialled to a rendezvous id, the peerId is only a hint: not learnt, not passed on, not taken as connected', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const holder = scriptedListener(net, rendezvousId(REGTEST, 0), (m) => (m.type === 'version' ? { ...m, peerId: 'K-claimed' } : m));
    const v = await makeNode(net, REGTEST, { id: 'V' });
    const rv = await net.settle(holder);
    await net.until(() => rv.events.ready && v.node.p2p!.pool.ready().length === 1, 5_000, 'V dialled the rendezvous holder');
    const pool = v.node.p2p!.pool as unknown as { connectedTo(id: string): boolean; knownIds(): string[] };
    expect(pool.connectedTo('K-claimed')).toBe(false);
    expect(pool.knownIds()).not.toContain('K-claimed');
    rv.session.send({ type: 'getaddr' });
    await net.until(() => rv.got.some((m) => m.type === 'addr'), 5_000, 'addr');
    expect(rv.got.flatMap((m) => (m.type === 'addr' ? m.ids : []))).not.toContain('K-claimed');
    stop(v);
  });
});

describe('rendezvous ids PeerJS accepts', () => {
  it("a class round's dotted name, and hyphens at the ends or doubled, make an id PeerJS's own check accepts", () => {
    const networks = [MAIN, REGTEST, classroomNetwork('bio'), classroomNetwork('bio.2'), classroomNetwork('-a--b-.17')];
    for (const params of networks) {
      for (let k = 0; k < 4; k++) expect(peerJsUtil.validateId(rendezvousId(params, k)), rendezvousId(params, k)).toBe(true);
    }
    expect(rendezvousId(classroomNetwork('bio.2'), 0)).toMatch(/^simplecoin-bio_2-[0-9a-f]{8}-rv0$/);
    // A round is its own network: its ids differ from round 1's.
    expect(rendezvousId(classroomNetwork('bio.2'), 0)).not.toBe(rendezvousId(classroomNetwork('bio'), 0));
  });
});
