// The rules of one PeerSession, the handshake: who a peer is, and what it may say before it proved it, stated against a scripted remote
// (peer-rig.ts) on a manual clock. Mutation testing (docs/RELIABILITY.md) found these unpinned
// by the node tests.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { HANDSHAKE_TIMEOUT_MS } from '../../../src/node/p2p/peer';
import { PENALTIES } from '../../../src/node/p2p/penalties';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { MAIN, REGTEST } from '../../../src/core/protocol/networks';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../src/core/p2p/messages';
import { ourKey, theirSecret, theirKey, US, session } from './peer-rig';

describe('a peer session: the handshake', () => {
  it('opens with a version that tells the truth about us', () => {
    const { ours } = session();
    expect(ours).toMatchObject({ protocolVersion: PROTOCOL_VERSION, minProtocolVersion: MIN_PROTOCOL_VERSION, bestHeight: 12, bestWork: 345n, software: 'test', nonce: 7n, peerId: 'us' });
    expect(toHex(ours.genesis)).toBe(toHex(REGTEST.genesisHash));
    expect(toHex(ours.nodeKey)).toBe(toHex(ourKey));
    expect(ours.challenge.length).toBe(32);
  });

  it('answers a version with a verack, and is ready only once the peer signs for its key on this link', () => {
    const { s, link, events, version, verack } = session();
    link.deliver(version());
    expect(link.sentOf('verack')).toHaveLength(1);
    expect(s.state).toBe('handshake');
    expect(s.nodeKeyHex).toBe(''); // claimed, not proven
    expect(s.bestHeight).toBe(40);
    expect(s.bestWork).toBe(999n);
    link.deliver(verack());
    expect(s.state).toBe('ready');
    expect(events.ready).toBe(1);
    expect(s.nodeKeyHex).toBe(toHex(theirKey));
    expect(s.score).toBe(0);
  });

  it('bans a verack signed by another key, or for another link, with a bad-auth reject', () => {
    for (const bad of [(x: ReturnType<typeof session>) => x.verack(sha256(utf8('someone else'))), (x: ReturnType<typeof session>) => x.verack(theirSecret, { local: utf8('relay'), remote: US })]) {
      const x = session();
      x.link.deliver(x.version());
      x.link.deliver(bad(x));
      expect(x.events.ready).toBe(0);
      expect(x.events.closed).toMatchObject({ ban: true, code: 'misbehaved', reason: expect.stringMatching(/^bad-auth/) });
      expect(x.link.sentOf('reject')).toMatchObject([{ code: 'bad-auth' }]);
      expect(x.s.score).toBe(PENALTIES['bad-auth'].score);
    }
  });

  it('costs 10 points for anything but version, verack or reject before the handshake, and a verack before any version is such a thing', () => {
    const { s, link, events, verack } = session();
    link.deliver({ type: 'getaddr' });
    expect(s.score).toBe(10);
    link.deliver(verack());
    expect(s.score).toBe(20);
    expect(events.messages).toEqual([]);
    expect(events.closed).toBeNull();
  });

  it('closes, without blame, on a reject before the handshake', () => {
    const { link, events } = session();
    link.deliver({ type: 'reject', code: 'obsolete', reason: 'too old' });
    expect(events.closed).toMatchObject({ ban: false, code: 'peer-refused' });
    expect(link.open).toBe(false);
  });

  it('refuses ourselves, by our nonce or our key, silently', () => {
    for (const over of [{ nonce: 7n }, { nodeKey: ourKey }]) {
      const { link, events, version } = session();
      link.deliver(version(over));
      expect(events.closed).toMatchObject({ ban: false, code: 'self' });
      expect(link.sentOf('reject')).toEqual([]);
      expect(link.sentOf('verack')).toEqual([]);
    }
  });

  it('refuses another network with a reject, before signing anything', () => {
    const { link, events, version } = session();
    link.deliver(version({ genesis: MAIN.genesisHash }));
    expect(events.closed).toMatchObject({ ban: false, code: 'wrong-network' });
    expect(link.sentOf('reject')).toMatchObject([{ code: 'wrong-network' }]);
    expect(link.sentOf('verack')).toEqual([]);
  });

  it('refuses an inbound peer whose version names another peer id; on an outbound link the id is only a hint', () => {
    const inbound = session();
    inbound.link.deliver(inbound.version({ peerId: 'someone-else' }));
    expect(inbound.events.closed).toMatchObject({ ban: false, code: 'bad-peerid' });
    expect(inbound.link.sentOf('reject')).toMatchObject([{ code: 'bad-peerid' }]);

    const outbound = session({ direction: 'outbound', remoteId: 'rendezvous-1' });
    outbound.link.deliver(outbound.version({ peerId: 'them' }));
    outbound.link.deliver(outbound.verack());
    expect(outbound.s.state).toBe('ready');
    expect(outbound.s.provenPeerId).toBeNull();
    const proven = session();
    proven.handshake();
    expect(proven.s.provenPeerId).toBe('them');
  });

  it('refuses silently a link that cannot say who its ends are', () => {
    const { link, events, version } = session({ binding: null });
    link.deliver(version());
    expect(events.closed).toMatchObject({ ban: false, code: 'unbound' });
    expect(link.sentOf('reject')).toEqual([]);
    expect(link.sentOf('verack')).toEqual([]);
  });

  it('signs for an obsolete peer, so it can trust the reject that follows, and refuses it', () => {
    const { link, events, version } = session();
    link.deliver(version({ protocolVersion: MIN_PROTOCOL_VERSION - 1 }));
    expect(link.sent.map((m) => m.type)).toEqual(['version', 'verack', 'reject']);
    expect(link.sentOf('reject')).toMatchObject([{ code: 'obsolete' }]);
    expect(events.closed).toMatchObject({ ban: false, code: 'obsolete' });
  });

  it('accepts a peer at exactly our minimum version', () => {
    const { s, link, version, verack } = session();
    link.deliver(version({ protocolVersion: MIN_PROTOCOL_VERSION }));
    link.deliver(verack());
    expect(s.state).toBe('ready');
  });

  it('tells the owner it is outdated when a verified peer requires a newer protocol, and a peer requiring exactly ours is fine', () => {
    const newer = session();
    newer.link.deliver(newer.version({ minProtocolVersion: PROTOCOL_VERSION + 1 }));
    expect(newer.events.outdated).toBeNull(); // not before the signature verified
    newer.link.deliver(newer.verack());
    expect(newer.events.outdated).toBe(PROTOCOL_VERSION + 1);
    expect(newer.events.closed).toMatchObject({ ban: false, code: 'outdated' });
    expect(newer.events.ready).toBe(0);

    const same = session();
    same.link.deliver(same.version({ minProtocolVersion: PROTOCOL_VERSION }));
    same.link.deliver(same.verack());
    expect(same.events.ready).toBe(1);
    expect(same.events.outdated).toBeNull();
  });

  it('gives the handshake HANDSHAKE_TIMEOUT_MS', () => {
    const slow = session();
    slow.clock.advance(HANDSHAKE_TIMEOUT_MS - 1);
    expect(slow.events.closed).toBeNull();
    slow.clock.advance(1);
    expect(slow.events.closed).toMatchObject({ ban: false, code: 'handshake-timeout' });

    const quick = session();
    quick.handshake();
    quick.clock.advance(HANDSHAKE_TIMEOUT_MS);
    expect(quick.events.closed).toBeNull();
  });

  it('names a connection the same way from both ends: who dialled, and the id they dialled', () => {
    const inbound = session();
    inbound.handshake();
    expect(inbound.s.connectionName).toBe(`${toHex(theirKey)}:us-rendezvous`);
    const outbound = session({ direction: 'outbound' });
    outbound.handshake();
    expect(outbound.s.connectionName).toBe(`${toHex(ourKey)}:them`);
  });
});
