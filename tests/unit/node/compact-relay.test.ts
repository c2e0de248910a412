// Protocol 4 relay over the in-memory transport: blocks pushed as compact blocks and rebuilt from
// the mempool, getblocktxn for what is missing, headers announcements (BIP130), and penalties only
// for what a peer's own block proves.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { toHex } from '../../../src/core/encoding/bytes';
import { decodeBlock, type Block } from '../../../src/core/primitives/block';
import { headerHash } from '../../../src/core/primitives/header';
import { txid, type TransferTx } from '../../../src/core/primitives/tx';
import { compactBlockOf, shortIdKey, shortIdOf } from '../../../src/core/p2p/compact';
import { INV_BLOCK, type Message } from '../../../src/core/p2p/messages';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ALICE, BOB, transfer } from '../core/helpers';
import { makeNode, offlineChain, oneLinkEach, SimulatedNetwork, type TestNode } from './harness';
import { ScriptedPeer } from './scripted-peer';

/** Every message a session sends, by type. */
function sent(session: PeerSession): Message[] {
  const out: Message[] = [];
  const send = session.send.bind(session);
  session.send = (m) => {
    out.push(m);
    send(m);
  };
  return out;
}

const types = (ms: Message[]) => ms.map((m) => m.type);
const blockGetdata = (ms: Message[]) => ms.filter((m) => m.type === 'getdata' && m.items.some((i) => i.type === INV_BLOCK));

async function pair(): Promise<{ net: SimulatedNetwork; a: TestNode; b: TestNode; aToB: PeerSession; bToA: PeerSession }> {
  const net = new SimulatedNetwork();
  const a = await makeNode(net);
  const b = await makeNode(net);
  const session = (from: TestNode, to: TestNode) => from.node.p2p!.pool.ready().find((s) => s.nodeKeyHex === to.node.nodeKeyHex);
  await net.until(() => oneLinkEach(a, b) && !!session(a, b) && !!session(b, a), 5_000, 'a settled link');
  return { net, a, b, aToB: session(a, b)!, bToA: session(b, a)! };
}

describe('compact block relay (protocol 4)', { timeout: 30_000 }, () => {
  it('rebuilds a block from the mempool with one message: no getdata, no getblocktxn', async () => {
    const { net, a, b, aToB, bToA } = await pair();
    await a.node.mineRegtestBlocks(3, ALICE.pub);
    await net.until(() => b.node.chain.height === 3, 5_000, 'sync');
    const pay = transfer(ALICE, BOB, 5_000n, 0);
    a.node.mempool.add(pay);
    await net.until(() => b.node.mempool.has(toHex(txid(pay))), 5_000, 'the transfer relayed');
    const fromA = sent(aToB);
    const fromB = sent(bToA);
    await a.node.mineRegtestBlocks(1, ALICE.pub);
    await net.until(() => b.node.chain.height === 4, 5_000, 'the block');
    expect(b.node.chain.tip.hashHex).toBe(a.node.chain.tip.hashHex);
    expect(types(fromA)).toContain('cmpctblock');
    expect(blockGetdata(fromB)).toEqual([]);
    expect(types(fromB)).not.toContain('getblocktxn');
    for (const n of [a, b]) n.node.stop();
  });

  it('asks for the transactions it lacks with getblocktxn and connects the block', async () => {
    const { net, a, b, bToA } = await pair();
    await a.node.mineRegtestBlocks(3, ALICE.pub);
    await net.until(() => b.node.chain.height === 3, 5_000, 'sync');
    // The transfer reaches only a's mempool: b must ask for it.
    const relay = a.node.p2p!.relay;
    relay.announce = () => undefined;
    a.node.mempool.add(transfer(ALICE, BOB, 5_000n, 0));
    const fromB = sent(bToA);
    await a.node.mineRegtestBlocks(1, ALICE.pub);
    await net.until(() => b.node.chain.height === 4, 5_000, 'the block');
    expect(fromB.filter((m) => m.type === 'getblocktxn').map((m) => (m as { indexes: number[] }).indexes)).toEqual([[1]]);
    expect(blockGetdata(fromB)).toEqual([]);
    for (const n of [a, b]) n.node.stop();
  });

  it('announces by headers to a peer that sent sendheaders, by inv to one that did not', async () => {
    const net = new SimulatedNetwork();
    const node = await makeNode(net, REGTEST, { id: 'announcer' });
    const headersPeer = await ScriptedPeer.connect(net, 'announcer', { seed: 'wants-headers' });
    const invPeer = await ScriptedPeer.connect(net, 'announcer', { seed: 'wants-inv' });
    headersPeer.send({ type: 'sendheaders' });
    await net.wait(50);
    await node.node.mineRegtestBlocks(1, ALICE.pub);
    const hash = node.node.chain.tip.hash;
    await net.until(() => headersPeer.received.some((m) => m.type === 'headers') && invPeer.received.some((m) => m.type === 'inv'), 3_000, 'announcements');
    const headers = headersPeer.received.find((m) => m.type === 'headers') as Extract<Message, { type: 'headers' }>;
    expect(headers.headers.map((h) => toHex(headerHash(h)))).toEqual([toHex(hash)]);
    expect(headersPeer.received.some((m) => m.type === 'inv' && m.items.some((i) => i.type === INV_BLOCK))).toBe(false);
    // The node asked both (protocol 4) for headers announcements and compact blocks.
    for (const p of [headersPeer, invPeer]) expect(types(p.received)).toEqual(expect.arrayContaining(['sendheaders', 'sendcmpct']));
    node.node.stop();
  });
});

describe('compact blocks from a hostile or unlucky peer', { timeout: 30_000 }, () => {
  /** A victim holding blocks 1–3 of the offline chain, and the 4th (with `pay`) for the script to relay. */
  async function setup(pay: TransferTx) {
    const net = new SimulatedNetwork();
    const victim = await makeNode(net, REGTEST, { id: 'victim' });
    const blocks = await offlineChain(pay);
    for (const bytes of blocks.slice(0, 3)) await victim.node.submitBlock(bytes);
    return { net, victim, block: decodeBlock(blocks[3]!), bytes: blocks[3]! };
  }

  it('costs nothing when a short id collides with our mempool: the block is fetched whole', async () => {
    const real = transfer(ALICE, BOB, 7_000n, 0);
    const { net, victim, block, bytes } = await setup(real);
    // The victim holds another transfer; the compact block's short id points at it (a collision).
    const other = transfer(ALICE, BOB, 6_000n, 0);
    victim.node.mempool.add(other);
    const compact = compactBlockOf(block, 11n);
    compact.shortIds = [shortIdOf(shortIdKey(block.header, 11n), txid(other))];
    const script = await ScriptedPeer.connect(net, 'victim', {
      seed: 'unlucky',
      onMessage: (m, peer) => {
        if (m.type === 'getdata') peer.send({ type: 'block', bytes });
      },
    });
    script.send({ type: 'sendcmpct', announce: true });
    script.send(compact);
    await net.until(() => victim.node.chain.height === 4, 3_000, 'the whole block');
    expect(script.received.some((m) => m.type === 'getdata')).toBe(true);
    expect(script.open).toBe(true);
    expect(victim.node.p2p!.pool.ready().map((s) => s.score)).toEqual([0]);
    victim.node.stop();
  });

  it('shuns a peer whose blocktxn does not answer what it asked (bad-blocktxn)', async () => {
    const { net, victim, block } = await setup(transfer(ALICE, BOB, 7_000n, 0));
    const wrong = transfer(ALICE, BOB, 8_000n, 0);
    const script = await ScriptedPeer.connect(net, 'victim', {
      seed: 'liar',
      onMessage: (m, peer) => {
        if (m.type === 'getblocktxn') peer.send({ type: 'blocktxn', blockHash: m.blockHash, txs: [wrong] });
      },
    });
    script.send(compactBlockOf(block, 3n));
    await net.until(() => script.closedReason !== null, 3_000, 'the ban');
    expect(script.received.some((m) => m.type === 'getblocktxn')).toBe(true);
    expect(victim.node.chain.height).toBe(3);
    expect(victim.node.p2p!.pool.closed[0]?.reason).toMatch(/^bad-blocktxn/);
    victim.node.stop();
  });

  it('shuns a peer whose getblocktxn names an index beyond the block (bad-getblocktxn)', async () => {
    const net = new SimulatedNetwork();
    const node = await makeNode(net, REGTEST, { id: 'server' });
    const script = await ScriptedPeer.connect(net, 'server', { seed: 'prober' });
    script.send({ type: 'sendcmpct', announce: true });
    await net.wait(50);
    await node.node.mineRegtestBlocks(1, ALICE.pub);
    await net.until(() => script.received.some((m) => m.type === 'cmpctblock'), 3_000, 'the compact block');
    const compact = script.received.find((m) => m.type === 'cmpctblock') as Extract<Message, { type: 'cmpctblock' }>;
    // A coinbase-only block: one transaction, prefilled. Index 0 is served, index 1 does not exist.
    expect(compact.prefilled.map((p) => p.index)).toEqual([0]);
    script.send({ type: 'getblocktxn', blockHash: headerHash(compact.header), indexes: [0] });
    await net.until(() => script.received.some((m) => m.type === 'blocktxn'), 3_000, 'blocktxn');
    script.send({ type: 'getblocktxn', blockHash: headerHash(compact.header), indexes: [1] });
    await net.until(() => script.closedReason !== null, 3_000, 'the ban');
    expect(node.node.p2p!.pool.closed[0]?.reason).toMatch(/^bad-getblocktxn/);
    node.node.stop();
  });

  it('answers a compact block on an unknown parent with getheaders, without blame', async () => {
    const { net, victim } = await setup(transfer(ALICE, BOB, 7_000n, 0));
    const elsewhere = await offlineChain(transfer(ALICE, BOB, 9_000n, 0));
    const far: Block = decodeBlock(elsewhere[3]!);
    far.header = { ...far.header, prevHash: new Uint8Array(32).fill(9) };
    const script = await ScriptedPeer.connect(net, 'victim', { seed: 'ahead' });
    script.send({ type: 'sendcmpct', announce: true });
    for (let i = 0; i < 12; i++) script.send(compactBlockOf(far, BigInt(i)));
    await net.until(() => script.received.filter((m) => m.type === 'getheaders').length >= 12, 3_000, 'getheaders');
    expect(script.open).toBe(true);
    victim.node.stop();
  });
});
