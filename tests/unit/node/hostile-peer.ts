// Scripted hostile peers on a MemoryNetwork: raw links that send exactly the bytes a test writes,
// a real session whose outgoing messages a test may rewrite, and a relay joining two links.
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeMessage, encodeMessage, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Message } from '../../../src/core/p2p/messages';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { utf8 } from '../../../src/core/encoding/bytes';
import { REGTEST } from '../../../src/core/protocol/networks';
import { PeerSession, type SessionOwner } from '../../../src/node/p2p/peer';
import type { Link } from '../../../src/net/transport';
import { seededRandom, type SimulatedNetwork } from './harness';

export type Version = Extract<Message, { type: 'version' }>;

/** A raw link from a fresh transport id to `target`, and every message it receives. */
export async function rawLink(net: SimulatedNetwork, id: string, target: string): Promise<{ link: Link; got: Message[]; send(m: Message): void }> {
  const link = await net.settle(net.createTransport(id).connect(target));
  const got: Message[] = [];
  link.on('message', (bytes) => got.push(decodeMessage(bytes)));
  return { link, got, send: (m) => link.send(encodeMessage(m)) };
}

/** A version message with every field a test does not set filled honestly for `peerId`. */
export function versionOf(peerId: string, over: Partial<Version> = {}): Version {
  return {
    type: 'version',
    protocolVersion: PROTOCOL_VERSION,
    minProtocolVersion: MIN_PROTOCOL_VERSION,
    genesis: REGTEST.genesisHash,
    bestHeight: 0,
    bestWork: 0n,
    software: 'hostile',
    nonce: 7n,
    nodeKey: publicKeyOf(sha256(utf8(`key of ${peerId}`))),
    challenge: new Uint8Array(32).fill(3),
    peerId,
    ...over,
  };
}

export type Rewrite = (m: Message) => Message;

/**
 * A peer that runs the real handshake with its own key from transport `id`, but passes what it
 * sends through `rewrite` first (to lie in its version). `got` collects what reaches its owner.
 */
export async function scriptedSession(net: SimulatedNetwork, id: string, target: string, rewrite: Rewrite = (m) => m) {
  return sessionOn(net, await net.settle(net.createTransport(id).connect(target)), id, rewrite);
}

/** The same peer waiting at `id` (say a rendezvous id): it answers the first link that comes in. */
export function scriptedListener(net: SimulatedNetwork, id: string, rewrite: Rewrite = (m) => m): Promise<ReturnType<typeof sessionOn>> {
  const transport = net.createTransport(id);
  return new Promise((resolve) => transport.on('link', (link) => resolve(sessionOn(net, link, id, rewrite))));
}

function sessionOn(net: SimulatedNetwork, link: Link, id: string, rewrite: Rewrite) {
  const secret = sha256(utf8(`key of ${id}`));
  const got: Message[] = [];
  const events: { ready: boolean; closed: string | null } = { ready: false, closed: null };
  const owner: SessionOwner = {
    onReady: () => void (events.ready = true),
    onMessage: (_s, m) => void got.push(m),
    onClose: (_s, reason) => void (events.closed = reason),
    onOutdated: () => undefined,
  };
  const ctx = { params: REGTEST, identity: { secret, key: publicKeyOf(secret), nonce: 99n }, timers: net.q, random: seededRandom(id), software: 'hostile', localPeerId: () => id, best: () => ({ height: 0, work: 0n }) };
  const session = new PeerSession(link, ctx, owner);
  const send = session.send.bind(session);
  session.send = (m) => send(rewrite(m));
  session.start();
  return { session, got, events, key: ctx.identity.key };
}

/**
 * A man in the middle: dials both and copies every message from each link to the other, except
 * that each `version` gets the relay's own id as peerId (so that the peerId check passes and only
 * the signature stands between the relay and success).
 */
export async function relay(net: SimulatedNetwork, id: string, a: string, b: string): Promise<void> {
  const transport = net.createTransport(id);
  const [toA, toB] = [await net.settle(transport.connect(a)), await net.settle(transport.connect(b))];
  const pass = (to: Link) => (bytes: Uint8Array) => {
    const m = decodeMessage(bytes);
    if (to.open) to.send(m.type === 'version' ? encodeMessage({ ...m, peerId: id }) : bytes);
  };
  toA.on('message', pass(toB));
  toB.on('message', pass(toA));
}
