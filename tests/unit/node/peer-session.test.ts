// One PeerSession against another on the simulator's event queue: the handshake signature, the
// message budget, the ban threshold and the heartbeat, each at its edge. Mutation testing found
// that removing any of them survived the rest of the suite.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { PeerSession, DEAD_AFTER_MS, MESSAGES_PER_SEC, PING_INTERVAL_MS, type NodeIdentity, type SessionOwner } from '../../../src/node/p2p/peer';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { utf8 } from '../../../src/core/encoding/bytes';
import { REGTEST } from '../../../src/core/protocol/networks';
import { encodeMessage, type Message } from '../../../src/core/p2p/messages';
import type { Link } from '../../../src/net/transport';
import type { EventQueue } from '../../../sim/events';
import { seededRandom, SimulatedNetwork } from './harness';

interface Side {
  session: PeerSession;
  ready: boolean;
  closed: { reason: string; ban: boolean } | null;
  received: Message[];
}

const identity = (name: string, claimedKeyOf = name): NodeIdentity => ({ secret: sha256(utf8(`peer ${name}`)), key: publicKeyOf(sha256(utf8(`peer ${claimedKeyOf}`))), nonce: BigInt(name.charCodeAt(0)) * 1_000_003n });

function side(link: Link, q: EventQueue, id: NodeIdentity, name: string): Side {
  const s: Side = { session: null as unknown as PeerSession, ready: false, closed: null, received: [] };
  const owner: SessionOwner = {
    onReady: () => (s.ready = true),
    onMessage: (_x, m) => s.received.push(m),
    onClose: (_x, reason, ban) => (s.closed = { reason, ban }),
    onOutdated: () => undefined,
  };
  s.session = new PeerSession(link, { params: REGTEST, identity: id, timers: q, random: seededRandom(name), software: 'test', localPeerId: () => name, best: () => ({ height: 0, work: 0n }) }, owner);
  return s;
}

/** Two sessions on one link; b may claim a node key it does not hold. */
async function pair(bIdentity: NodeIdentity = identity('b')): Promise<{ q: EventQueue; a: Side; b: Side }> {
  const net = new SimulatedNetwork();
  const q = net.q;
  const ta = net.createTransport('a');
  const tb = net.createTransport('b');
  let inbound: Link | null = null;
  ta.on('link', (l) => (inbound = l));
  const connecting = tb.connect('a');
  await q.runUntil(q.now() + 1);
  const outbound = await connecting;
  const a = side(inbound as unknown as Link, q, identity('a'), 'a');
  const b = side(outbound, q, bIdentity, 'b');
  a.session.start();
  b.session.start();
  await q.runUntil(q.now() + 1);
  return { q, a, b };
}

const ping = (n: number) => encodeMessage({ type: 'ping', nonce: BigInt(n) });

describe('a peer session', () => {
  it('becomes ready only when the peer signs for the key it claims', async () => {
    const honest = await pair();
    expect(honest.a.ready && honest.b.ready).toBe(true);
    expect(honest.a.session.nodeKeyHex).not.toBe('');
    // b claims c's node key but can only sign with its own secret.
    const { a } = await pair(identity('b', 'c'));
    expect(a.ready).toBe(false);
    expect(a.closed).toMatchObject({ ban: true, reason: expect.stringMatching(/^bad-auth/) });
    expect(a.session.nodeKeyHex).toBe('');
  });

  it('takes a burst of 10 s worth of messages, and bans at the first message past it', async () => {
    const { q, a, b } = await pair();
    // Let the budget refill to its burst after the handshake and the first heartbeats.
    await q.runUntil(q.now() + 12_345);
    const burst = MESSAGES_PER_SEC * 10;
    let answered = 0;
    b.session.link.on('message', () => answered++);
    // All in one instant: nothing refills between them.
    for (let i = 0; i <= burst; i++) b.session.link.send(ping(i));
    await q.runUntil(q.now() + 1);
    expect(answered).toBe(burst); // every ping of the burst answered with a pong, the next one not
    expect(a.closed).toMatchObject({ ban: true, reason: expect.stringMatching(/^flood-budget/) });
  });

  it('bans when the score reaches the threshold, not before', async () => {
    const { q, a } = await pair();
    for (let i = 0; i < 4; i++) a.session.misbehave('duplicate-handshake'); // 4 x 20 points
    await q.runUntil(q.now() + 1);
    expect(a.session.score).toBe(80);
    expect(a.closed).toBeNull();
    a.session.misbehave('duplicate-handshake');
    expect(a.closed).toMatchObject({ ban: true });
  });

  it('pings each interval, measures the round trip, and drops a peer silent for longer than DEAD_AFTER_MS', async () => {
    const { q, a, b } = await pair();
    const readyAt = q.now();
    await q.runUntil(readyAt + PING_INTERVAL_MS + 5);
    expect(b.received).toEqual([]); // pings and pongs are the session's own business
    expect(a.session.latencyMs).not.toBeNull();
    // b falls silent (a killed tab): it neither answers nor sends, and its link stays open.
    b.session.state = 'closed';
    const silentFrom = q.now();
    await q.runUntil(silentFrom + DEAD_AFTER_MS - PING_INTERVAL_MS);
    expect(a.closed).toBeNull();
    await q.runUntil(silentFrom + DEAD_AFTER_MS + PING_INTERVAL_MS + 5);
    expect(a.closed).toMatchObject({ ban: false, reason: expect.stringMatching(/^dead/) });
  });
});
