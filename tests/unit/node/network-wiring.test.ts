// How network.ts wires the pool, sync, relay and compact relay to each other and to the node: a
// peer that brings a new tip is promoted to push compact blocks (by whichever message brought it),
// a peer that goes frees its slot, header rejections and sync progress reach the node, every
// change to the peer list is reported at once, and stop() stops reporting. (A handler that fails:
// loud-failures.test.ts.)
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { decodeBlock } from '../../../src/core/primitives/block';
import { headerHash } from '../../../src/core/primitives/header';
import { toHex } from '../../../src/core/encoding/bytes';
import { compactBlockOf } from '../../../src/core/p2p/compact';
import type { Message } from '../../../src/core/p2p/messages';
import { HIGH_BANDWIDTH_PEERS } from '../../../src/node/p2p/compact-relay';
import { ANNOUNCE_WHILE_BEHIND } from '../../../src/node/p2p/network';
import { ALICE, BOB, transfer } from '../core/helpers';
import { makeNode, offlineChain, SimulatedNetwork } from './harness';
import { ScriptedPeer } from './scripted-peer';
import { rawLink } from './hostile-peer';

const victimOn = (net: SimulatedNetwork) => makeNode(net, REGTEST, { id: 'victim', options: { claimRendezvous: undefined } });
const sendcmpcts = (p: ScriptedPeer) => p.received.filter((m): m is Extract<Message, { type: 'sendcmpct' }> => m.type === 'sendcmpct').map((m) => m.announce);

describe('the p2p wiring (network.ts)', { timeout: 30_000 }, () => {
  it('promotes the peer whose block, cmpctblock or blocktxn became our tip to push compact blocks; a block that moves nothing promotes nobody', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await victimOn(net);
    const blocks = await offlineChain(transfer(ALICE, BOB, 5_000n, 0));
    // The first HIGH_BANDWIDTH_PEERS peers are asked to push from the start; the next ones are not.
    const first: ScriptedPeer[] = [];
    for (let i = 0; i < HIGH_BANDWIDTH_PEERS; i++) first.push(await ScriptedPeer.connect(net, 'victim', { seed: `first${i}` }));
    const byBlock = await ScriptedPeer.connect(net, 'victim', { seed: 'by-block' });
    const byCompact = await ScriptedPeer.connect(net, 'victim', { seed: 'by-compact' });
    const byTxn = await ScriptedPeer.connect(net, 'victim', {
      seed: 'by-txn',
      onMessage: (m, peer) => {
        if (m.type === 'getblocktxn') peer.send({ type: 'blocktxn', blockHash: m.blockHash, txs: m.indexes.map((i) => decodeBlock(blocks[3]!).txs[i]!) as never });
      },
    });
    const idle = await ScriptedPeer.connect(net, 'victim', { seed: 'idle' });
    await net.wait(10);
    expect(first.map(sendcmpcts)).toEqual(first.map(() => [true]));
    for (const p of [byBlock, byCompact, byTxn, idle]) expect(sendcmpcts(p)).toEqual([false]);

    byBlock.send({ type: 'block', bytes: blocks[0]! });
    await net.until(() => victim.node.chain.height === 1, 2_000, 'block 1');
    await net.wait(10);
    expect(sendcmpcts(byBlock)).toEqual([false, true]);
    // The oldest high-bandwidth peer goes back to announcements.
    expect(sendcmpcts(first[0]!)).toEqual([true, false]);

    const second = decodeBlock(blocks[1]!);
    byCompact.send(compactBlockOf(second, 5n));
    await net.until(() => victim.node.chain.height === 2, 2_000, 'block 2');
    await net.wait(10);
    expect(sendcmpcts(byCompact)).toEqual([false, true]);

    byBlock.send({ type: 'block', bytes: blocks[2]! });
    await net.until(() => victim.node.chain.height === 3, 2_000, 'block 3');
    // Block 4 holds a transfer the victim has not seen: the compact block needs a blocktxn.
    byTxn.send(compactBlockOf(decodeBlock(blocks[3]!), 9n));
    await net.until(() => victim.node.chain.height === 4, 2_000, 'block 4');
    await net.wait(10);
    expect(byTxn.received.some((m) => m.type === 'getblocktxn')).toBe(true);
    expect(sendcmpcts(byTxn)).toEqual([false, true]);

    // A block the victim has: the tip stays, and nobody is promoted.
    idle.send({ type: 'block', bytes: blocks[3]! });
    await net.wait(50);
    expect(sendcmpcts(idle)).toEqual([false]);
    expect(idle.open).toBe(true);
    victim.node.stop();
  });

  it('frees a high-bandwidth slot when its peer goes, reports the peer list at once, and remembers what a headers sender has', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await victimOn(net);
    const reports: string[][] = [];
    victim.node.events.on('peers', ({ peers }) => reports.push(peers.map((p) => p.software)));
    const first: ScriptedPeer[] = [];
    for (let i = 0; i < HIGH_BANDWIDTH_PEERS; i++) first.push(await ScriptedPeer.connect(net, 'victim', { seed: `first${i}` }));
    first[0]!.session.close('stopping', 'test');
    await net.wait(10);
    const next = await ScriptedPeer.connect(net, 'victim', { seed: 'next' });
    await net.wait(10);
    expect(sendcmpcts(next)).toEqual([true]);
    // Each connect and close is reported before the next 2 s tick; a ready peer shows its software.
    const at = reports.length;
    next.session.close('stopping', 'test');
    await net.wait(1);
    expect(reports.length).toBeGreaterThan(at);
    expect(reports.at(-1)).toEqual(Array(HIGH_BANDWIDTH_PEERS - 1).fill('script'));
    // So is a profile, the moment it arrives.
    const nicknames: (string | undefined)[][] = [];
    victim.node.events.on('peers', ({ peers }) => nicknames.push(peers.map((p) => p.profile?.nickname)));
    first[1]!.send({ type: 'profile', nickname: 'Ana', rewardKey: ALICE.pub, hashRate: 1 });
    await net.wait(1);
    expect(nicknames.at(-1)).toContain('Ana');

    const blocks = await offlineChain(transfer(ALICE, BOB, 5_000n, 0));
    const sender = await ScriptedPeer.connect(net, 'victim', { seed: 'headers' });
    const headers = blocks.slice(0, 2).map((b) => decodeBlock(b).header);
    sender.send({ type: 'headers', headers });
    await net.wait(10);
    const theirs = victim.node.p2p!.pool.ready().find((s) => s.id.startsWith('script-headers-'))!;
    expect(theirs.knownInv.has(toHex(headerHash(headers[1]!)))).toBe(true);
    // An empty headers message (nothing more to give) is no failure.
    sender.send({ type: 'headers', headers: [] });
    await net.wait(10);
    expect(sender.open).toBe(true);
    // A link still in its handshake is listed, with no software until its version says one.
    await rawLink(net, 'silent', 'victim');
    await net.wait(1);
    expect(victim.node.p2p!.peerViews().find((v) => v.id === 'silent')).toMatchObject({ state: 'handshake', software: '', profile: null });
    victim.node.stop();
  });

  it('reports a refused header as a header rejection, and sync progress while only headers arrive', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await victimOn(net);
    const rejected: string[] = [];
    const synced: number[] = [];
    victim.node.events.on('rejected', ({ kind }) => rejected.push(kind));
    victim.node.events.on('sync', (p) => synced.push(p.bestHeaderHeight));
    const blocks = await offlineChain(transfer(ALICE, BOB, 5_000n, 0));
    const sender = await ScriptedPeer.connect(net, 'victim', { seed: 'headers', best: { height: 4, work: 10n } });
    sender.send({ type: 'headers', headers: blocks.map((b) => decodeBlock(b).header) });
    await net.wait(10);
    expect(synced).toContain(4);
    expect(victim.node.chain.height).toBe(0);
    const bad = { ...decodeBlock(blocks[0]!).header, bits: 0x1d00ffff };
    const liar = await ScriptedPeer.connect(net, 'victim', { seed: 'liar' });
    liar.send({ type: 'headers', headers: [bad] });
    await net.until(() => rejected.length > 0, 1_000, 'the rejection');
    expect(rejected).toEqual(['header']);
    victim.node.stop();
  });

  it('reports nothing when stopped before it finished starting', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    let release: (records: never[]) => void = () => {};
    const knownPeers = { load: () => new Promise<never[]>((resolve) => (release = resolve)), remember: () => {}, forget: () => {} };
    const victim = await makeNode(net, REGTEST, { id: 'victim', start: false, options: { claimRendezvous: undefined, knownPeers } });
    let reports = 0;
    victim.node.events.on('peers', () => reports++);
    const starting = victim.node.startNetwork();
    await net.wait(10);
    victim.node.stop();
    release([]);
    await net.settle(starting);
    await net.wait(10_000);
    expect(reports).toBe(0);
  });

  it('after stop() reports nothing more: no tick, no profile, no peer list', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await victimOn(net);
    await ScriptedPeer.connect(net, 'victim', { seed: 'one' });
    let reports = 0;
    victim.node.events.on('peers', () => reports++);
    await net.wait(5_000);
    expect(reports).toBeGreaterThanOrEqual(2);
    victim.node.p2p!.stop();
    const after = reports;
    await net.wait(10_000);
    expect(reports).toBe(after);
    victim.node.stop();
  });
});

describe('announcing while catching up (network.ts)', { timeout: 30_000 }, () => {
  it(`announces each new tip only once it is at most ANNOUNCE_WHILE_BEHIND (${ANNOUNCE_WHILE_BEHIND}) blocks behind the best header`, async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await victimOn(net);
    const listener = await ScriptedPeer.connect(net, 'victim', { seed: 'listener' });
    const source = await makeNode(net, REGTEST, { id: 'source', start: false });
    await source.node.mineRegtestBlocks(10, ALICE.pub);
    await net.settle(source.node.startNetwork());
    await net.until(() => victim.node.chain.height === 10, 20_000, 'the victim synced');
    await net.wait(10);
    const heightOf = new Map(source.node.chain.activeFrom(1).map((e) => [e!.hashHex, e!.height]));
    const announced = new Set<number>();
    for (const m of listener.received) {
      const hashes = m.type === 'inv' ? m.items.map((i) => i.hash) : m.type === 'headers' ? m.headers.map(headerHash) : m.type === 'cmpctblock' ? [headerHash(m.header)] : [];
      for (const h of hashes) if (heightOf.has(toHex(h))) announced.add(heightOf.get(toHex(h))!);
    }
    expect([...announced].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    victim.node.stop();
    source.node.stop();
  });
});
