// Issue 14, item 5: a small request must not buy a large upload. A hostile peer (a real node whose
// own handlers are switched off, so it only sends what the test scripts) asks an honest node for
// the same block over and over, for headers over and over, and for more blocks than anyone needs.
import { describe, expect, it } from 'vitest';
import { encodeMessage, INV_BLOCK, TYPE_CODES, type Message } from '../../../src/core/p2p/messages';
import { UPLOAD_BURST_BYTES, UPLOAD_BYTES_PER_SEC, MAX_QUEUED_BLOCKS } from '../../../src/node/p2p/upload';
import { ALICE } from '../core/helpers';
import { makeNode, oneLinkEach, SimulatedNetwork, type TestNode } from './harness';

const TYPE_BLOCK = TYPE_CODES.block;
const TYPE_HEADERS = TYPE_CODES.headers;

/** A victim and an attacker, connected; counts what the victim sends the attacker, by message type. */
async function victimAndAttacker(blocks: number) {
  const net = new SimulatedNetwork();
  const victim = await makeNode(net);
  const attacker = await makeNode(net);
  await net.until(() => oneLinkEach(victim, attacker), 5_000, 'one session each way');
  // The attacker does nothing on its own: it neither syncs nor answers.
  attacker.node.p2p!.relay.onMessage = async () => undefined;
  attacker.node.p2p!.sync.onHeaders = async () => undefined;
  await victim.node.mineRegtestBlocks(blocks, ALICE.pub);
  const toAttacker = victim.node.p2p!.pool.ready()[0]!;
  const fromVictim = attacker.node.p2p!.pool.ready()[0]!;
  const served = { bytes: new Map<number, number>(), count: new Map<number, number>() };
  const send = toAttacker.link.send.bind(toAttacker.link);
  toAttacker.link.send = (bytes: Uint8Array) => {
    const type = bytes[0]!;
    served.bytes.set(type, (served.bytes.get(type) ?? 0) + bytes.length);
    served.count.set(type, (served.count.get(type) ?? 0) + 1);
    send(bytes);
  };
  let attackBytes = 0;
  const attack = (m: Message) => {
    fromVictim.send(m);
    attackBytes += encodeMessage(m).length;
  };
  const stop = (...more: TestNode[]) => [victim, attacker, ...more].forEach((n) => n.node.stop());
  return { net, victim, attacker, toAttacker, served, attack, sent: () => attackBytes, stop };
}

describe('upload amplification (issue 14, item 5)', { timeout: 30_000 }, () => {
  it('shuns a peer whose one getdata names the same block 1,000 times, and serves it no copy', async () => {
    const { net, victim, toAttacker, served, attack, sent, stop } = await victimAndAttacker(1);
    const hash = victim.node.chain.tip.hash;
    attack({ type: 'getdata', items: Array.from({ length: 1_000 }, () => ({ type: INV_BLOCK, hash })) });
    await net.until(() => toAttacker.state === 'closed', 5_000, 'penalty');
    await net.wait(50);
    expect(sent()).toBe(33_005);
    expect(served.count.get(TYPE_BLOCK) ?? 0).toBe(0);
    expect(toAttacker.closeReason).toMatch(/^dup-getdata/);
    expect(victim.node.p2p!.pool.isBanned(toAttacker.id)).toBe(true);
    stop();
  });

  it('sends a block once for 1,000 separate requests of it within the request timeout', async () => {
    const { net, victim, toAttacker, served, attack, stop } = await victimAndAttacker(1);
    const hash = victim.node.chain.tip.hash;
    for (let i = 0; i < 1_000; i++) attack({ type: 'getdata', items: [{ type: INV_BLOCK, hash }] });
    await net.until(() => (served.count.get(TYPE_BLOCK) ?? 0) >= 1, 5_000, 'first copy');
    await net.wait(300);
    expect(served.count.get(TYPE_BLOCK)).toBe(1);
    // Asking again is what an honest peer does after a timeout: no penalty, only no copies.
    expect(toAttacker.state).toBe('ready');
    expect(toAttacker.score).toBe(0);
    stop();
  });

  it('meters getheaders: 300 requests for 2,000 headers each stay within the upload budget', async () => {
    const { net, victim, toAttacker, served, attack, sent, stop } = await victimAndAttacker(2_001);
    const genesis = victim.node.chain.entryAt(0).hash;
    const started = net.q.now();
    for (let i = 0; i < 300; i++) attack({ type: 'getheaders', locator: [genesis], stop: new Uint8Array(32) });
    await net.until(() => (served.count.get(TYPE_HEADERS) ?? 0) >= 1, 5_000, 'first answer');
    await net.wait(500);
    const seconds = (net.q.now() - started) / 1000;
    const headerBytes = served.bytes.get(TYPE_HEADERS) ?? 0;
    expect(sent()).toBe(300 * 69);
    // One answer is 160,005 bytes; 300 of them would be 48 MB.
    expect(headerBytes).toBeLessThanOrEqual(UPLOAD_BURST_BYTES + UPLOAD_BYTES_PER_SEC * seconds + 160_005);
    expect(toAttacker.state).toBe('ready');
    stop();
  });

  it('shuns a peer that asks for more blocks at once than a downloader can have in flight', async () => {
    const { net, victim, toAttacker, served, attack, stop } = await victimAndAttacker(MAX_QUEUED_BLOCKS + 1);
    const items = victim.node.chain.activeFrom(1).map((e) => ({ type: INV_BLOCK as typeof INV_BLOCK, hash: e.hash }));
    expect(items).toHaveLength(MAX_QUEUED_BLOCKS + 1);
    attack({ type: 'getdata', items });
    await net.until(() => toAttacker.state === 'closed', 5_000, 'penalty');
    expect(toAttacker.closeReason).toMatch(/^flood-getdata/);
    expect(served.count.get(TYPE_BLOCK) ?? 0).toBe(0);
    stop();
  });
});
