// Header sync against hostile and honest peers over the in-memory transport (issue 14 items 3, 4, 7).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST } from '../../../src/core/protocol/networks';
import { MAX_HEADERS, INV_BLOCK } from '../../../src/core/p2p/messages';
import { encodeBlock, blockHash, type Block } from '../../../src/core/primitives/block';
import { toHex } from '../../../src/core/encoding/bytes';
import { headerWork } from '../../../src/core/pow/compact';
import { MAX_LOSING_HEADERS } from '../../../src/core/chain/header-index';
import { COIN } from '../../../src/core/protocol/consensus';
import { ALICE, BOB, CAROL, makeBlock, mineMany, newChain, testClock, transfer } from '../core/helpers';
import { makeNode, SimulatedNetwork, type TestNode } from './harness';
import { headerChain, ScriptedPeer } from './scripted-peer';

const running: TestNode[] = [];
afterEach(() => {
  for (const n of running.splice(0)) n.node.stop();
});

/** A regtest chain of n blocks in a store, built once per recipient and copied per node. */
const fixtures = new Map<string, MemoryChainStore>();
async function chainStore(n: number, to = ALICE): Promise<MemoryChainStore> {
  const key = `${n}:${to.hex}`;
  let base = fixtures.get(key);
  if (!base) {
    const { chain, store } = await newChain();
    await mineMany(chain, n, { to });
    fixtures.set(key, (base = store));
    void chain;
  }
  const copy = new MemoryChainStore();
  for (const [k, v] of base.entries) copy.entries.set(k, { ...v });
  for (const [k, v] of base.blocks) copy.blocks.set(k, v);
  for (const [k, v] of base.undo) copy.undo.set(k, v);
  for (const [k, v] of base.accounts) copy.accounts.set(k, { ...v, locked: v.locked.map((l) => ({ ...l })) });
  copy.bestChain.push(...base.bestChain);
  copy.tip = base.tip;
  return copy;
}

async function node(net: SimulatedNetwork, o: Parameters<typeof makeNode>[2] = {}): Promise<TestNode> {
  const n = await makeNode(net, REGTEST, o);
  running.push(n);
  return n;
}

const genesis = { hash: REGTEST.genesisHash, time: REGTEST.genesis.header.time };
const closedReasons = (v: TestNode) => v.node.p2p!.pool.closed.map((c) => c.reason).join(' | ');

describe('low-work header spam (item 3)', { timeout: 60_000 }, () => {
  it('indexes and stores nothing of a long low-work chain, from any number of identities or reconnects', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await node(net, { store: await chainStore(2_100) });
    const before = { index: victim.node.chain.index.size, stored: victim.store.entries.size };
    for (const seed of ['spam-a', 'spam-b', 'spam-a']) {
      // A full message of headers that does not lead to more work than our tip, then its end.
      const spam = headerChain(genesis, MAX_HEADERS + 50, seed);
      const attacker = await ScriptedPeer.connect(net, victim.transport!.localId, { seed, best: { height: 0, work: 0n } });
      attacker.send({ type: 'headers', headers: spam.slice(0, MAX_HEADERS) });
      await net.until(() => attacker.received.some((m) => m.type === 'getheaders'), 10_000, 'the victim asks for more');
      attacker.send({ type: 'headers', headers: spam.slice(MAX_HEADERS) });
      await net.wait(300);
      expect(victim.node.chain.index.size).toBe(before.index);
      expect(victim.store.entries.size).toBe(before.stored);
      attacker.close();
    }
  });

  it('drops short low-work batches unstored, and a stream of them costs the link', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await node(net, { store: await chainStore(12) });
    const before = victim.node.chain.index.size;
    const attacker = await ScriptedPeer.connect(net, victim.transport!.localId, { seed: 'short-spam' });
    for (let i = 0; i < 460 && attacker.open; i++) {
      attacker.send({ type: 'headers', headers: headerChain(genesis, 9, `short ${i}`) });
      if (i % 50 === 0) await net.wait(5);
    }
    await net.until(() => /flood-low-work-headers/.test(closedReasons(victim)), 10_000, 'the flood penalty');
    expect(victim.node.chain.index.size).toBe(before);
    expect(victim.store.entries.size).toBe(before);
  });

  it('keeps at most MAX_LOSING_HEADERS headers that lost, in memory only (siblings of the next block)', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await node(net, { store: await chainStore(12) });
    const before = { index: victim.node.chain.index.size, stored: victim.store.entries.size };
    const tip = victim.node.chain.tip;
    const attacker = await ScriptedPeer.connect(net, victim.transport!.localId, { seed: 'siblings' });
    const count = MAX_LOSING_HEADERS + 600;
    for (let i = 0; i < count; i++) {
      attacker.send({ type: 'headers', headers: headerChain({ hash: tip.hash, time: tip.header.time }, 1, `sibling ${i}`) });
      if (i % 100 === 99) await net.wait(2);
    }
    await net.until(() => victim.node.chain.index.size - before.index > 500, 5_000, 'siblings indexed');
    await net.wait(300);
    expect(victim.node.chain.index.size - before.index).toBeLessThanOrEqual(MAX_LOSING_HEADERS + 1);
    expect(victim.store.entries.size).toBe(before.stored);
    attacker.close();
  });

  it('syncs an honest longer chain through presync: checked twice, indexed only once it has more work', async () => {
    const net = new SimulatedNetwork();
    const honest = await node(net, { store: await chainStore(2_200, BOB), start: false });
    const victim = await node(net, { store: await chainStore(2_100), start: false });
    const ownSize = victim.node.chain.index.size;
    await net.settle(honest.node.startNetwork());
    const indexSizeAtRequest: number[] = [];
    const serve = honest.node.p2p!.relay.serveHeaders.bind(honest.node.p2p!.relay);
    vi.spyOn(honest.node.p2p!.relay, 'serveHeaders').mockImplementation((p, m) => {
      indexSizeAtRequest.push(victim.node.chain.index.size);
      serve(p, m);
    });
    await net.settle(victim.node.startNetwork());
    await net.until(() => victim.node.chain.tip.hashHex === honest.node.chain.tip.hashHex, 40_000, 'the reorg onto the longer chain');
    // presync (2 requests), redownload from genesis (2 requests): nothing indexed until the proof.
    expect(indexSizeAtRequest.length).toBeGreaterThanOrEqual(4);
    expect(indexSizeAtRequest.slice(0, 4)).toEqual([ownSize, ownSize, ownSize, ownSize]);
  });
});

describe('blocks and ties (items 4 and 7)', { timeout: 30_000 }, () => {
  it('neither verifies nor stores blocks of a branch with less work than the tip', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await node(net);
    await victim.node.mineRegtestBlocks(5, ALICE.pub);
    const { chain: mirror } = await newChain();
    for (let h = 1; h <= 3; h++) await mirror.submitBlock((await victim.store.getBlock(victim.node.chain.entryAt(h).hashHex))!);
    const forks = new Map<string, Block>();
    for (let i = 0; i < 10; i++) {
      const txs = [transfer(ALICE, BOB, BigInt(i + 1) * COIN, 0), transfer(ALICE, CAROL, COIN, 1)];
      const b = makeBlock(mirror, { parent: mirror.tip, txs, extraNonce: BigInt(i) });
      forks.set(toHex(blockHash(b)), b);
    }
    let served = 0;
    const sigsBefore = victim.node.chain.sigCache.size;
    const attacker = await ScriptedPeer.connect(net, victim.transport!.localId, {
      seed: 'side-blocks',
      onMessage: (m, p) => {
        if (m.type !== 'getdata') return;
        for (const item of m.items) {
          const b = forks.get(toHex(item.hash));
          if (!b) continue;
          served++;
          p.send({ type: 'block', bytes: encodeBlock(b) });
        }
      },
    });
    attacker.send({ type: 'inv', items: [...forks.values()].map((b) => ({ type: INV_BLOCK, hash: blockHash(b) })) });
    await net.until(() => served === forks.size, 5_000, 'the blocks served');
    await net.wait(300);
    for (const hashHex of forks.keys()) {
      expect(victim.store.blocks.has(hashHex)).toBe(false);
      expect(victim.node.chain.index.get(hashHex)).toBeUndefined();
    }
    expect(victim.node.chain.sigCache.size).toBe(sigsBefore);
    expect(attacker.open).toBe(true); // an honest node can hold a stale branch
  });

  it('on equal work, keeps the block received first, not the header pushed first', async () => {
    const net = new SimulatedNetwork({ discovery: false });
    const victim = await node(net);
    const { chain: mirror } = await newChain();
    const honestBlock = makeBlock(mirror, { extraNonce: 1n });
    const withheld = makeBlock(mirror, { extraNonce: 2n, to: BOB });
    const work = mirror.tip.work + headerWork(withheld.header.bits);
    const miner = await ScriptedPeer.connect(net, victim.transport!.localId, {
      seed: 'selfish-miner',
      best: { height: 1, work },
      onMessage: (m, p) => {
        if (m.type === 'getheaders') p.send({ type: 'headers', headers: [withheld.header] });
      },
    });
    const withheldHex = toHex(blockHash(withheld));
    await net.until(() => miner.received.some((m) => m.type === 'getdata'), 5_000, 'the request for the withheld block');
    expect(victim.node.chain.index.get(withheldHex)).toBeDefined();
    miner.send({ type: 'block', bytes: encodeBlock(honestBlock) });
    await net.until(() => victim.node.chain.height === 1, 5_000, 'the honest block');
    miner.send({ type: 'block', bytes: encodeBlock(withheld) });
    await net.until(() => victim.node.p2p!.sync.inFlight().length === 0, 5_000, 'the withheld block delivered');
    await net.wait(200);
    expect(victim.node.chain.tip.hashHex).toBe(toHex(blockHash(honestBlock)));
  });
});

describe('header sync branches on the rule, not the score (item 7)', { timeout: 30_000 }, () => {
  it('does not ask again, at round-trip speed, for headers that are only too new for our clock', async () => {
    const net = new SimulatedNetwork({ latencyMs: () => 1 });
    const ahead = await node(net, { now: () => testClock() + 3_600 });
    await ahead.node.mineRegtestBlocks(3, ALICE.pub);
    const serve = vi.spyOn(ahead.node.p2p!.relay, 'serveHeaders');
    const behind = await node(net);
    await net.until(() => serve.mock.calls.length > 0, 5_000, 'a getheaders');
    await net.wait(1_000);
    expect(serve.mock.calls.length).toBeLessThanOrEqual(2);
    expect(behind.node.chain.height).toBe(0);
    expect(behind.node.peerList().filter((p) => p.state === 'ready')).toHaveLength(1); // not blamed
  });
});
