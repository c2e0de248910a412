import { afterEach, describe, expect, it } from 'vitest';
import { LessonNetwork, LINK_LATENCY_MS } from '../../../src/node/lesson-network';
import { tamper } from '../../../src/app/learn-exhibits';
import { judgeBlock, tipContext } from '../../../src/app/learn-verdict';
import { templateOnTip } from '../../../src/node/regtest-miner';
import { SimulatedNetwork } from './harness';
import { ALICE, BOB, testClock, transfer } from '../core/helpers';
import { encodeTx } from '../../../src/core/primitives/tx';
import { COIN } from '../../../src/core/protocol/consensus';

// The throwaway lesson network (lessons 4, 6 and 8): real nodes over in-memory links. A tampered
// block sent from "you" is refused by every peer with the rule the exhibit predicted, and an
// isolated "you" that mined a shorter branch reorganises onto the heavier one when it rejoins.

let net: LessonNetwork | null = null;
afterEach(() => net?.stop());

/** A lesson network on simulated links (as slow as the tab's) and time. */
let sim: SimulatedNetwork;
async function startLesson(): Promise<LessonNetwork> {
  sim = new SimulatedNetwork({ latencyMs: () => LINK_LATENCY_MS });
  return sim.settle(LessonNetwork.start(testClock, undefined, { medium: sim, timers: sim.q }), 5_000, 'the lesson network');
}

const synced = (n: LessonNetwork) => n.peers.every((p) => p.node.chain.height === n.you.node.chain.height && p.node.chain.tip.hashHex === n.you.node.chain.tip.hashHex);

describe('lesson network', () => {
  it.each(['reward', 'sealed', 'height'] as const)('peers refuse a %s forgery with the rule the exhibit shows', async (how) => {
    net = await startLesson();
    const lesson = net;
    await sim.until(() => lesson.others.every((p) => lesson.connections(p) >= 1) && lesson.connections(lesson.you) === 3, 5_000, 'lesson peers connected');
    await lesson.mine(lesson.you, 2);
    await sim.until(() => synced(lesson), 5_000, 'peers synced');
    const chain = lesson.you.node.chain;
    const forged = tamper(templateOnTip(chain, lesson.you.node.mempool, new Uint8Array(32).fill(1), testClock()), how);
    const predicted = judgeBlock(forged, tipContext(chain, testClock()), chain.params);
    expect(predicted.ok).toBe(false);
    expect(lesson.sendBlock(forged)).toBe(3);
    await sim.until(() => lesson.others.every((p) => p.rejected.length > 0), 5_000, 'reject logs');
    for (const p of lesson.others) expect(p.rejected[0]!.code).toBe(predicted.code);
    // A proven forgery costs "you" the connection.
    await sim.until(() => lesson.others.every((p) => !p.node.peerList().some((v) => v.nodeKey === lesson.you.node.nodeKeyHex && v.state === 'ready')), 5_000, 'you disconnected');
  });

  it('refuses a replayed transfer for its nonce once it is in a block (lesson 6)', async () => {
    net = await startLesson();
    const lesson = net;
    const { node } = lesson.you;
    await lesson.mine(lesson.you, 3, ALICE.pub);
    const bytes = encodeTx(transfer(ALICE, BOB, COIN, 0));
    node.submitRawTx(bytes);
    await lesson.mine(lesson.you, 1);
    expect(node.chain.account(ALICE.hex)?.nonce).toBe(1);
    expect(() => node.submitRawTx(bytes)).toThrow(/tx-bad-nonce/);
  });

  it('isolates you, lets both sides mine, and the heavier branch wins on rejoin', async () => {
    net = await startLesson();
    const lesson = net;
    const [ada] = lesson.others;
    await sim.until(() => lesson.connections(lesson.you) === 3, 5_000, 'connected');
    await lesson.mine(lesson.you, 1);
    await sim.until(() => synced(lesson), 5_000, 'synced');
    lesson.setIsolated(true);
    await sim.until(() => lesson.connections(lesson.you) === 0, 5_000, 'isolated');
    await lesson.mine(lesson.you, 1);
    await lesson.mine(ada!, 2);
    const stale = lesson.you.node.chain.tip.hashHex;
    expect(lesson.you.node.chain.height).toBe(2);
    let disconnected = 0;
    lesson.you.node.chain.events.on('disconnect', () => disconnected++);
    lesson.setIsolated(false);
    await sim.until(() => synced(lesson) && lesson.you.node.chain.height === 3, 10_000, 'rejoined on the heavier branch');
    expect(disconnected).toBe(1);
    expect(lesson.you.lastReorg?.depth).toBe(1);
    expect(lesson.you.node.chain.index.get(stale)).toBeDefined();
    expect(lesson.you.node.chain.isActive(lesson.you.node.chain.index.get(stale)!)).toBe(false);
  });
});
