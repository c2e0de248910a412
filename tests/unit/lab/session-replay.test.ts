// Recording a lab session and replaying it: two real lab nodes on the in-memory transport; the
// recorder on the first logs the blocks, the transfer, the reorganisation onto a heavier branch
// and a classmate's network control, with who did it. Its export decodes, and the replay (a fresh
// node checking every block) reaches the same tip with the same fork tree. A file with an edited
// block gets it refused by rule, and the blocks after it never appear, whatever its log claims.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/encoding/bytes';
import { sha256d } from '../../../src/core/crypto/hash';
import { blockHash, encodeBlock } from '../../../src/core/primitives/block';
import { encodeTx, publicKeyOf } from '../../../src/core/primitives/tx';
import { decodeSessionFile, encodeSessionFile, SessionFileError, sessionParamsOf, type LabSession } from '../../../src/lab/session-file';
import type { Block } from '../../../src/core/primitives/block';
import { SessionRecorder } from '../../../src/lab/session-recorder';
import { SessionReplay } from '../../../src/lab/session-replay';
import { LabNetworkControls } from '../../../src/lab/network-controls';
import { labNodeOf } from '../../../src/lab/lab-node';
import { tamperBlock } from '../../../src/lab/tampered-history';
import { REGTEST } from '../../../src/core/protocol/networks';
import { NotALabError } from '../../../src/core/protocol/networks';
import { LAB_FIXTURE, LAB_FIXTURE_MINER_SECRET, labFixtureBlocks, labFixtureFork, labFixtureTransfer } from '../../support/lab-fixture';
import { startLabClass } from './lab-class';

/** A session of these blocks, each with its block event (heights as in the fixture's main chain). */
function sessionOf(blocks: Block[]): LabSession {
  return {
    lab: 'lab-fixture',
    params: sessionParamsOf(LAB_FIXTURE),
    recordedBy: 'aa'.repeat(32),
    startedAt: 0,
    members: [],
    blocks: blocks.map((b) => toHex(encodeBlock(b))),
    events: blocks.map((b, i) => ({ at: i, kind: 'block' as const, hash: toHex(blockHash(b)), height: i + 1, miner: 'aa'.repeat(32) })),
    truncated: false,
  };
}

async function recordedSession() {
  const [blocks, fork] = await Promise.all([labFixtureBlocks(), labFixtureFork()]);
  const lab = await startLabClass(LAB_FIXTURE, ['teacher', 'ada']);
  const [teacher, ada] = lab.members as [(typeof lab.members)[0], (typeof lab.members)[0]];
  let wall = 1_800_000_000_000;
  const recorder = new SessionRecorder(LAB_FIXTURE, teacher.node, teacher.conditions, () => (wall += 250));
  const adaControls = new LabNetworkControls(LAB_FIXTURE, labNodeOf(ada.node), ada.conditions, lab.q, lab.random);
  for (const block of blocks.slice(0, 7)) expect(await teacher.node.submitBlock(block)).toBe('connected');
  teacher.node.submitRawTx(encodeTx(labFixtureTransfer()));
  expect(await teacher.node.submitBlock(blocks[7]!)).toBe('connected');
  adaControls.setLatency(300);
  await lab.q.runUntil(lab.q.now() + 2_000);
  // The heavier branch arrives as a peer sends it: headers first, then the blocks.
  await teacher.node.chain.acceptHeaders(fork.map((b) => b.header));
  for (const block of fork) await teacher.node.submitBlock(block);
  await lab.q.runUntil(lab.q.now() + 2_000);
  return { lab, teacher, ada, recorder, blocks, fork };
}

describe('lab session recorder and replay', () => {
  it('records blocks, the transfer, the reorg and a member control, with who did what', async () => {
    const { teacher, ada, recorder, blocks, fork } = await recordedSession();
    const kinds = recorder.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'block')).toHaveLength(8 + 3);
    const transfer = recorder.events.find((e) => e.kind === 'transfer');
    expect(transfer).toMatchObject({ id: toHex(sha256d(encodeTx(labFixtureTransfer()))), sender: toHex(publicKeyOf(LAB_FIXTURE_MINER_SECRET)), amount: labFixtureTransfer().amount });
    expect(recorder.events.find((e) => e.kind === 'reorg')).toMatchObject({ depth: 2, tip: toHex(blockHash(fork[2]!)), height: 9 });
    expect(recorder.events.find((e) => e.kind === 'control')).toMatchObject({ by: ada.node.nodeKeyHex, control: 'conditions', latencyMs: 300 });
    expect(recorder.events.find((e) => e.kind === 'block')).toMatchObject({ height: 1, miner: toHex(publicKeyOf(LAB_FIXTURE_MINER_SECRET)) });
    const ats = recorder.events.map((e) => e.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));

    const session = await recorder.export();
    expect(session.lab).toBe('lab-fixture');
    expect(session.recordedBy).toBe(teacher.node.nodeKeyHex);
    expect(session.members.map((m) => m.key)).toContain(ada.node.nodeKeyHex);
    // Every stored block in order of arrival: the 8 of the first branch, then the 3 of the fork.
    expect(session.blocks).toEqual([...blocks, ...fork].map((b) => toHex(encodeBlock(b))));
    expect(decodeSessionFile(encodeSessionFile(session))).toEqual(session);
  }, 60_000);

  it('only exists on a lab network', () => {
    expect(() => new SessionRecorder(REGTEST, {} as never, null, Date.now)).toThrow(NotALabError);
  });

  it('replays to the same tip and fork tree, and scrubs through the log', async () => {
    const { teacher, recorder } = await recordedSession();
    const session = decodeSessionFile(encodeSessionFile(await recorder.export()));
    const replay = await SessionReplay.load(session);
    expect(replay.verdicts.every((v) => v.result === 'accepted')).toBe(true);
    expect(replay.tip).toEqual({ hash: teacher.node.chain.tip.hashHex, height: 9 });
    expect(replay.frame(0).tip.height).toBe(0);
    const at8 = session.events.findIndex((e) => e.kind === 'block' && e.height === 8) + 1;
    const frame8 = replay.frame(at8);
    expect(frame8.tip.height).toBe(8);
    expect(frame8.verified).toBe(true);
    expect(frame8.tree.filter((n) => !n.active)).toHaveLength(0);
    expect(frame8.tree.map((n) => n.height)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const end = replay.frame(replay.length);
    // After the reorg the old blocks 7 and 8 are the stale branch.
    expect(end.tree.filter((n) => !n.active).map((n) => n.height)).toEqual([7, 8]);
    expect(replay.frame(replay.length + 50).position).toBe(replay.length);
    replay.stop();
  }, 60_000);

  it('replays a heavier branch whose blocks the recording tab got out of order', async () => {
    const [blocks, fork] = await Promise.all([labFixtureBlocks(), labFixtureFork()]);
    const replay = await SessionReplay.load(sessionOf([...blocks, fork[0]!, fork[2]!, fork[1]!]));
    expect(replay.verdicts.map((v) => v.result)).toEqual(Array(11).fill('accepted'));
    expect(replay.tip).toEqual({ hash: toHex(blockHash(fork[2]!)), height: 9 });
    replay.stop();
  });

  it('does not count a block above a gap in the file as accepted', async () => {
    const blocks = await labFixtureBlocks();
    const replay = await SessionReplay.load(sessionOf([...blocks.slice(0, 3), ...blocks.slice(4)]));
    expect(replay.verdicts.slice(3).map((v) => v.result)).toEqual(['orphan', 'orphan', 'orphan', 'orphan']);
    expect(replay.tip.height).toBe(3);
    replay.stop();
  });

  it('refuses an edited block by rule; what builds on it never appears, whatever the log says', async () => {
    const blocks = await labFixtureBlocks();
    const honest = sessionOf(blocks);
    const forged = { ...honest, blocks: honest.blocks.map((hex, i) => (i === 3 ? toHex(encodeBlock(tamperBlock(blocks[3]!))) : hex)) };
    forged.blocks.push('00ff');
    const replay = await SessionReplay.load(forged);
    expect(replay.verdicts[3]).toMatchObject({ result: 'refused', rule: 'bad-pow' });
    expect(replay.verdicts.slice(4, 8).map((v) => v.result)).toEqual(['orphan', 'orphan', 'orphan', 'orphan']);
    expect(replay.verdicts[8]).toMatchObject({ result: 'refused', rule: 'bad-encoding' });
    expect(replay.tip.height).toBe(3);
    // The log claims block 8 connected: the frame says it is not verified and keeps the tip at 3.
    const last = replay.frame(replay.length);
    expect(last.verified).toBe(false);
    expect(last.tip.height).toBe(3);
    replay.stop();
  }, 60_000);

  it('refuses a session whose parameters are not its lab', async () => {
    const session = { lab: 'lab-fixture', params: { genesisHash: '00'.repeat(32), hrp: 'x', spacing: 1, halfLife: 1, coinbaseMaturity: 0 }, recordedBy: 'aa'.repeat(32), startedAt: 0, members: [], blocks: [], events: [], truncated: false };
    await expect(SessionReplay.load(session)).rejects.toBeInstanceOf(SessionFileError);
  });
});
