import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { pageSignaling, saveSignalSetting, SIGNAL_SETTING } from '../../../src/node/signal-setting';
import { StorageFullError } from '../../../src/storage/chain-db';
import { ALICE, BOB, transfer } from '../core/helpers';
import { COIN } from '../../../src/core/protocol/consensus';
import { makeNode, MapSettings, noServer, SimulatedNetwork } from './harness';

// On the simulator's event queue: timers and link deliveries run in simulated time, deterministically.
describe('nodes over the in-memory transport', { timeout: 30_000 }, () => {
  it('handshake, relay a block to everyone, and sync a late joiner', async () => {
    const net = new SimulatedNetwork();
    const a = await makeNode(net, REGTEST);
    const b = await makeNode(net, REGTEST);
    const c = await makeNode(net, REGTEST);
    await net.until(() => [a, b, c].every((n) => n.node.peerList().filter((p) => p.state === 'ready').length === 2), 5_000, 'mesh');
    await a.node.mineRegtestBlocks(3, ALICE.pub);
    await net.until(() => [b, c].every((n) => n.node.chain.height === 3), 5_000, 'relay');
    expect(c.node.chain.tip.hashHex).toBe(a.node.chain.tip.hashHex);
    await a.node.mineRegtestBlocks(40, ALICE.pub);
    const late = await makeNode(net, REGTEST);
    await net.until(() => late.node.chain.height === 43, 10_000, 'late sync');
    expect(late.node.chain.tip.hashHex).toBe(a.node.chain.tip.hashHex);
    for (const n of [a, b, c, late]) n.node.stop();
  });

  it('relays a transaction to every mempool, and a block confirms it everywhere', async () => {
    const net = new SimulatedNetwork();
    const nodes = [await makeNode(net), await makeNode(net), await makeNode(net)];
    await net.until(() => nodes.every((n) => n.node.peerList().length === 2), 5_000, 'mesh');
    await nodes[0]!.node.mineRegtestBlocks(4, ALICE.pub);
    await net.until(() => nodes.every((n) => n.node.chain.height === 4));
    const tx = transfer(ALICE, BOB, COIN, 0);
    nodes[2]!.node.submitTx(tx);
    await net.until(() => nodes.every((n) => n.node.mempool.size === 1), 5_000, 'tx relay');
    await nodes[1]!.node.mineRegtestBlocks(1, BOB.pub);
    await net.until(() => nodes.every((n) => n.node.chain.height === 5 && n.node.mempool.size === 0), 5_000, 'confirmation');
    expect(nodes[0]!.node.chain.account(BOB.hex)!.balance).toBe(COIN);
    for (const n of nodes) n.node.stop();
  });

  it('refuses a peer on another network with a reason, and never connects to itself', async () => {
    const net = new SimulatedNetwork();
    const a = await makeNode(net, REGTEST);
    const { classroomNetwork } = await import('../../../src/core/protocol/networks');
    const b = await makeNode(net, classroomNetwork('other'));
    await net.until(() => a.node.p2p!.pool.closed.length > 0 && b.node.p2p!.pool.closed.length > 0, 5_000, 'refusal');
    const reasons = [...a.node.p2p!.pool.closed, ...b.node.p2p!.pool.closed].map((c) => c.reason).join(' | ');
    expect(reasons).toMatch(/wrong-network/);
    // The UI names a closed peer by its code: the refusal's own on one side, the peer's refusal on the other.
    const codes = [...a.node.p2p!.pool.closed, ...b.node.p2p!.pool.closed].map((c) => c.code);
    expect(codes).toContain('wrong-network');
    expect(a.node.peerList().filter((p) => p.state === 'ready')).toEqual([]);
    a.node.stop();
    b.node.stop();
  });

  it('finds peers through rendezvous ids and peer exchange when discovery is off', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const nodes: Awaited<ReturnType<typeof makeNode>>[] = [];
    for (let i = 0; i < 6; i++) nodes.push(await makeNode(net, REGTEST));
    await net.until(() => nodes.every((n) => n.node.peerList().filter((p) => p.state === 'ready').length >= 1), 8_000, 'rendezvous');
    await nodes[5]!.node.mineRegtestBlocks(2, ALICE.pub);
    await net.until(() => nodes.every((n) => n.node.chain.height === 2), 8_000, 'relay without discovery');
    for (const n of nodes) n.node.stop();
  });
});

describe('node storage behaviour', () => {
  it('mines regtest blocks, audits its store, and turns read-only when the store is full', async () => {
    const { node, store } = await makeNode(new SimulatedNetwork(), REGTEST, { start: false });
    const tips: number[] = [];
    node.events.on('tip', (t) => tips.push(t.height));
    expect(await node.mineRegtestBlocks(3, ALICE.pub)).toBe(3);
    expect(tips).toEqual([1, 2, 3]);
    expect(await node.checkConsistency()).toMatchObject({ ok: true, height: 3 });
    const messages: string[] = [];
    node.events.on('storage', (s) => messages.push(s.message));
    store.write = async () => {
      throw new StorageFullError();
    };
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
    expect(node.readOnly).toBe(true);
    expect(messages[0]).toMatch(/no more storage space/);
    expect(node.chain.height).toBe(3);
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
  });

  it('validates a signaling setting before saving it, and the page then joins through it', async () => {
    const settings = new MapSettings();
    const pageUrl = new URL('http://h/');
    expect(() => saveSignalSetting(settings, pageUrl, 'not a host!')).toThrow(/not a signaling server/);
    saveSignalSetting(settings, pageUrl, 'example.org:9000/peerjs');
    expect(settings.get(SIGNAL_SETTING)).toBe('example.org:9000/peerjs');
    expect(await pageSignaling(pageUrl, settings, noServer)()).toMatchObject({ source: 'saved', config: { host: 'example.org', port: 9000 } });
    saveSignalSetting(settings, pageUrl, null);
    expect(settings.get(SIGNAL_SETTING)).toBeNull();
    expect((await pageSignaling(pageUrl, settings, noServer)()).source).toBe('public-cloud');
  });
});
