// Issue 18: attack tools never act on main. Every tool of the attack lab (every LabTool in
// src/lab, and the network conditions in src/net) refuses main, regtest and an ordinary class.
// A new tool must be added here, or the first test fails.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classroomNetwork, MAIN, NotALabError, REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { NetworkConditions } from '../../../src/net/conditions';
import { LabNetworkControls } from '../../../src/lab/network-controls';
import { LabVerdicts } from '../../../src/lab/verdicts';
import { TamperedHistoryAttack } from '../../../src/lab/tampered-history';
import { DoubleSpendRace } from '../../../src/lab/double-spend';
import { HistoryRewrite } from '../../../src/lab/history-rewrite';
import { EclipseAttempt } from '../../../src/lab/eclipse-attempt';
import { SelfishMining } from '../../../src/lab/selfish-mining';
import { EclipseWatch } from '../../../src/lab/eclipse-watch';
import { SessionRecorder, type RecordedNode } from '../../../src/lab/session-recorder';
import { Emitter } from '../../../src/core/util/emitter';
import type { SimpleCoinNode } from '../../../src/node/node';
import { EventQueue } from '../../../sim/events';

const q = new EventQueue();
const labConditions = new NetworkConditions(classroomNetwork('lab-only'), q, () => 0.5);
const node = { nodeKeyHex: '00'.repeat(32), peers: () => [], setPartition: () => {}, onPeers: () => () => {} };

const tools: Record<string, (params: NetworkParams) => unknown> = {
  NetworkConditions: (p) => new NetworkConditions(p, q, () => 0.5),
  LabNetworkControls: (p) => new LabNetworkControls(p, node, labConditions, q, (n) => new Uint8Array(n)),
  LabVerdicts: (p) => new LabVerdicts(p, { events: new Emitter(), nodeKeyHex: node.nodeKeyHex } as Pick<SimpleCoinNode, 'events' | 'nodeKeyHex'>, labConditions, (n) => new Uint8Array(n)),
  SessionRecorder: (p) => new SessionRecorder(p, { events: new Emitter(), chain: { events: new Emitter() }, mempool: { events: new Emitter() }, nodeKeyHex: node.nodeKeyHex, peerList: () => [] } as unknown as RecordedNode, labConditions, () => 0),
  TamperedHistoryAttack: (p) => new TamperedHistoryAttack(p, { node: {} as SimpleCoinNode, openTransport: () => Promise.reject(new Error('not here')), timers: q, random: (n) => new Uint8Array(n) }),
  DoubleSpendRace: (p) => new DoubleSpendRace(p, {} as SimpleCoinNode, { events: new Emitter() }),
  HistoryRewrite: (p) => new HistoryRewrite(p, { node: {} as SimpleCoinNode, isolate: () => {}, search: () => Promise.reject(new Error('not here')), now: () => 0 }),
  SelfishMining: (p) => new SelfishMining(p, { node: {} as SimpleCoinNode, search: () => Promise.reject(new Error('not here')), stopSearch: () => {}, now: () => 0, recipient: new Uint8Array(32) }),
  EclipseAttempt: (p) => new EclipseAttempt(p, { node: {} as SimpleCoinNode, openTransport: () => Promise.reject(new Error('not here')), timers: q, random: (n) => new Uint8Array(n) }),
  EclipseWatch: (p) => new EclipseWatch(p, { events: new Emitter(), peerList: () => [], p2p: null } as unknown as Pick<SimpleCoinNode, 'events' | 'peerList' | 'p2p'>, async () => []),
};

describe('lab tools act only on lab networks', () => {
  it('lists every lab tool', () => {
    const dir = path.resolve(__dirname, '../../../src/lab');
    const declared = fs
      .readdirSync(dir)
      .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/class (\w+) extends LabTool\b/g)].map((m) => m[1]!));
    expect(declared.length).toBeGreaterThan(0);
    for (const name of declared) expect(Object.keys(tools), `${name} is a LabTool: add it here`).toContain(name);
  });

  it('every one refuses main, regtest and an ordinary class, and works on a lab network', () => {
    for (const [name, make] of Object.entries(tools)) {
      for (const p of [MAIN, REGTEST, classroomNetwork('physics'), classroomNetwork('physics.2')]) expect(() => make(p), `${name} on ${p.name}`).toThrow(NotALabError);
      expect(() => make(classroomNetwork('lab-demo')), name).not.toThrow();
    }
  });
});
