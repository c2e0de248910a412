// Issue 14, items 6 and 7: block download that a withholder, a junk orphan, our own recent
// refusals or our own full disk cannot stall.
import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { COIN } from '../../../src/core/protocol/consensus';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { decodeBlock, encodeBlock } from '../../../src/core/primitives/block';
import { encodeTx, txid, type CoinbaseTx } from '../../../src/core/primitives/tx';
import { StorageFullError } from '../../../src/storage/chain-db';
import { BLOCK_TIMEOUT_MS } from '../../../src/node/p2p/sync';
import { INV_BLOCK } from '../../../src/core/p2p/messages';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ALICE, BOB, transfer } from '../core/helpers';
import { makeNode, SimulatedNetwork, type TestNode } from './harness';

/** Blocks mined by a node that is on no network, to hand to others. */
async function offlineBlocks(n: number): Promise<Uint8Array[]> {
  const source = await makeNode(new SimulatedNetwork(), REGTEST, { start: false });
  await source.node.mineRegtestBlocks(n, ALICE.pub);
  return Promise.all(source.node.chain.activeFrom(1).map(async (e) => (await source.store.getBlock(e.hashHex))!));
}

/**
 * A node that holds no rendezvous id: on discovery it dials whom it lists, so a link once settled
 * stays the one a test holds (a second link through a rendezvous id would replace it as a duplicate).
 */
const nodeOn = (net: SimulatedNetwork) => makeNode(net, REGTEST, { options: { claimRendezvous: undefined } });

/** Lets each of `spokes` talk only to `hub`, and waits until every spoke is connected to it. */
async function star(net: SimulatedNetwork, hub: TestNode, spokes: TestNode[]): Promise<PeerSession[]> {
  for (const s of spokes) s.node.p2p!.pool.setPartition((key) => key === hub.node.nodeKeyHex);
  const sessionTo = (s: TestNode) => hub.node.p2p!.pool.ready().find((p) => p.nodeKeyHex === s.node.nodeKeyHex);
  const hubSide = (s: TestNode) => [...hub.node.p2p!.pool.sessions].filter((p) => p.nodeKeyHex === s.node.nodeKeyHex);
  const settled = (s: TestNode) => sessionTo(s) && hubSide(s).length === 1 && s.node.p2p!.pool.sessions.size === 1 && s.node.p2p!.pool.ready().length === 1;
  await net.until(() => spokes.every(settled), 5_000, 'star');
  return spokes.map((s) => sessionTo(s)!);
}

/** The node announces its tips by inv only (as a protocol-3 peer does), never pushing a compact block. */
const announceByInv = (n: TestNode) => {
  const p2p = n.node.p2p!;
  p2p.compact.announce = (tip) => p2p.relay.announce({ type: INV_BLOCK, hash: tip.hash });
};

const getdataCount = (session: PeerSession) => {
  const counted = { getdata: 0 };
  const send = session.send.bind(session);
  session.send = (m) => {
    if (m.type === 'getdata') counted.getdata++;
    send(m);
  };
  return counted;
};

describe('block download under attack (issue 14, items 6 and 7)', { timeout: 30_000 }, () => {
  it('asks another announcer when the first withholds the block past the request timeout', async () => {
    const net = new SimulatedNetwork();
    const victim = await nodeOn(net);
    const withholder = await nodeOn(net);
    const honest = await nodeOn(net);
    const [toWithholder, toHonest] = await star(net, victim, [withholder, honest]);
    for (const n of [withholder, honest]) announceByInv(n);
    // The withholder announces blocks and never delivers them.
    const relay = withholder.node.p2p!.relay;
    const handle = relay.onMessage.bind(relay);
    relay.onMessage = async (s, m) => (m.type === 'getdata' ? undefined : handle(s, m));
    const askedWithholder = getdataCount(toWithholder!);
    const askedHonest = getdataCount(toHonest!);
    const [block] = await offlineBlocks(1);
    await withholder.node.submitBlock(block!);
    await net.until(() => askedWithholder.getdata === 1, 5_000, 'request to the first announcer');
    await honest.node.submitBlock(block!);
    await net.wait(100);
    expect(victim.node.chain.height).toBe(0);
    expect(askedHonest.getdata).toBe(0);
    await net.wait(BLOCK_TIMEOUT_MS + 1);
    await net.until(() => victim.node.chain.height === 1, 3_000, 'the block from the honest announcer');
    // The withholder is not asked again for it, and keeps its link: a timeout proves only slowness.
    await net.wait(BLOCK_TIMEOUT_MS + 1);
    expect(askedWithholder.getdata).toBe(1);
    expect(toWithholder!.state).toBe('ready');
    expect(toWithholder!.score).toBe(0);
    for (const n of [victim, withholder, honest]) n.node.stop();
  });

  it('asks a lone announcer again after its request timed out: slowness is no reason to stay behind', async () => {
    const net = new SimulatedNetwork();
    const victim = await nodeOn(net);
    const slow = await nodeOn(net);
    const [toSlow] = await star(net, victim, [slow]);
    announceByInv(slow);
    // The first request is lost (a slow or congested link); later ones are served.
    const relay = slow.node.p2p!.relay;
    const handle = relay.onMessage.bind(relay);
    let dropped = 0;
    relay.onMessage = async (s, m) => (m.type === 'getdata' && dropped++ === 0 ? undefined : handle(s, m));
    const asked = getdataCount(toSlow!);
    const [block] = await offlineBlocks(1);
    await slow.node.submitBlock(block!);
    await net.until(() => asked.getdata === 1, 5_000, 'first request');
    await net.wait(BLOCK_TIMEOUT_MS + 1);
    await net.until(() => victim.node.chain.height === 1, 3_000, 'the block on the second request');
    expect(asked.getdata).toBe(2);
    expect(toSlow!.score).toBe(0);
    for (const n of [victim, slow]) n.node.stop();
  });

  it("fetches the real block after an orphan's junk body under its real header has failed", async () => {
    const net = new SimulatedNetwork();
    const victim = await nodeOn(net);
    const attacker = await nodeOn(net);
    const honest = await nodeOn(net);
    const [toAttacker] = await star(net, victim, [attacker, honest]);
    attacker.node.p2p!.relay.onMessage = async () => undefined;
    const [b1, b2] = await offlineBlocks(2);
    const real = decodeBlock(b2!);
    const junk = encodeBlock({ header: real.header, txs: [{ ...(real.txs[0] as CoinbaseTx), memo: utf8('junk') }] });
    attacker.node.p2p!.pool.ready()[0]!.send({ type: 'block', bytes: junk });
    // Parked as an orphan, or (since the orphan pool checks the body's commitment) refused at once.
    await net.until(() => victim.node.chain.orphans.size === 1 || toAttacker!.state === 'closed', 5_000, 'junk orphan handled');
    await honest.node.submitBlock(b1!);
    await honest.node.submitBlock(b2!);
    await net.until(() => victim.node.chain.height === 2, 5_000, 'the real second block');
    expect(victim.node.chain.tip.hashHex).toBe(honest.node.chain.tip.hashHex);
    for (const n of [victim, attacker, honest]) n.node.stop();
  });

  it('accepts a child refused for a nonce gap once a new tip has confirmed its parent', async () => {
    const net = new SimulatedNetwork();
    const victim = await nodeOn(net);
    const peer = await nodeOn(net);
    const [session] = await star(net, victim, [peer]);
    await victim.node.mineRegtestBlocks(4, ALICE.pub);
    const parent = transfer(ALICE, BOB, COIN, 0);
    const child = transfer(ALICE, BOB, COIN, 1);
    const relay = victim.node.p2p!.relay;
    await relay.onMessage(session!, { type: 'tx', bytes: encodeTx(child) });
    expect(victim.node.mempool.has(toHex(txid(child)))).toBe(false);
    victim.node.submitTx(parent);
    await victim.node.mineRegtestBlocks(1, BOB.pub);
    // Offered again (by a wallet's rebroadcast, or another peer): our refusal was for our old state.
    await relay.onMessage(session!, { type: 'tx', bytes: encodeTx(child) });
    expect(victim.node.mempool.has(toHex(txid(child)))).toBe(true);
    expect(session!.score).toBe(0);
    for (const n of [victim, peer]) n.node.stop();
  });

  it('keeps its peers when its own storage is full: blocks and headers they send are not their fault', async () => {
    const net = new SimulatedNetwork();
    const victim = await nodeOn(net);
    const peer = await nodeOn(net);
    await star(net, victim, [peer]);
    victim.store.write = async () => {
      throw new StorageFullError();
    };
    await peer.node.mineRegtestBlocks(2, ALICE.pub);
    await net.until(() => victim.node.readOnly, 5_000, 'read-only');
    // A peer with more work that connects now sends headers, which we cannot store either.
    const later = await nodeOn(net);
    await later.node.mineRegtestBlocks(3, ALICE.pub);
    await net.until(() => victim.node.p2p!.pool.ready().length === 2, 5_000, 'second peer');
    await net.wait(300);
    const sessions = victim.node.p2p!.pool.ready();
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.score)).toEqual([0, 0]);
    expect(victim.node.p2p!.pool.closed.filter((c) => /handler failed/.test(c.reason))).toEqual([]);
    for (const n of [victim, peer, later]) n.node.stop();
  });
});
