// The rules of one PeerSession, a ready session: pings, penalties, bans and failures, stated against a scripted remote
// (peer-rig.ts) on a manual clock. Mutation testing (docs/RELIABILITY.md) found these unpinned
// by the node tests.
import { describe, expect, it, vi } from 'vitest';
import { BAN_THRESHOLD, DEAD_AFTER_MS, PING_INTERVAL_MS, type SessionOwner } from '../../../src/node/p2p/peer';
import { utf8 } from '../../../src/core/encoding/bytes';
import { MAX_REASON } from '../../../src/core/p2p/messages';
import { session } from './peer-rig';

describe('a peer session: once ready', () => {
  it('answers a ping with its nonce, hands other messages to the owner, and keeps pings and pongs to itself', () => {
    const { link, events, handshake } = session();
    handshake();
    link.deliver({ type: 'ping', nonce: 41n });
    expect(link.sentOf('pong')).toEqual([{ type: 'pong', nonce: 41n }]);
    link.deliver({ type: 'getaddr' });
    link.deliver({ type: 'pong', nonce: 5n });
    expect(events.messages).toEqual([{ type: 'getaddr' }]);
  });

  it('costs 20 points for a second version or verack, and closes without blame on a reject', () => {
    const { s, link, events, handshake, version, verack } = session();
    handshake();
    link.deliver(version());
    link.deliver(verack());
    expect(s.score).toBe(40);
    expect(events.closed).toBeNull();
    link.deliver({ type: 'reject', code: 'x', reason: 'bye' });
    expect(events.closed).toMatchObject({ ban: false, code: 'peer-closed' });
  });

  it('bans an undecodable message with a bad-encoding reject', () => {
    const { link, events, handshake } = session();
    handshake();
    link.deliver(new Uint8Array([0xff, 1, 2]));
    expect(events.closed).toMatchObject({ ban: true, code: 'misbehaved', reason: expect.stringMatching(/^bad-encoding/) });
    expect(link.sentOf('reject')).toMatchObject([{ code: 'bad-encoding' }]);
  });

  it('bans at exactly BAN_THRESHOLD, silently where the penalty says so, and adds nothing once closed', () => {
    const { s, link, events, handshake } = session();
    handshake();
    for (let i = 0; i < BAN_THRESHOLD / 10 - 1; i++) s.misbehave('before-handshake');
    expect(s.score).toBe(BAN_THRESHOLD - 10);
    expect(events.closed).toBeNull();
    s.misbehave('before-handshake');
    expect(events.closed).toMatchObject({ ban: true, code: 'misbehaved' });
    expect(link.sentOf('reject')).toEqual([]); // 'silent'
    s.misbehave('bad-auth');
    expect(s.score).toBe(BAN_THRESHOLD);
  });

  it('pings every interval and measures the round trip from the matching pong only', () => {
    const { s, link, clock, handshake } = session();
    handshake();
    clock.advance(PING_INTERVAL_MS - 1);
    expect(link.sentOf('ping')).toEqual([]);
    clock.advance(1);
    const [ping] = link.sentOf('ping');
    expect(ping).toBeDefined();
    clock.advance(30);
    link.deliver({ type: 'pong', nonce: (ping?.nonce ?? 0n) + 1n });
    expect(s.latencyMs).toBeNull();
    clock.advance(7);
    link.deliver({ type: 'pong', nonce: ping?.nonce ?? 0n });
    expect(s.latencyMs).toBe(37);
    link.deliver({ type: 'pong', nonce: ping?.nonce ?? 0n }); // answered already: no new figure
    clock.advance(PING_INTERVAL_MS);
    expect(link.sentOf('ping')).toHaveLength(2);
    expect(new Set(link.sentOf('ping').map((p) => p.nonce)).size).toBe(2);
  });

  it('drops a peer silent for more than DEAD_AFTER_MS, not at exactly it; any message counts as life', () => {
    const silent = session();
    silent.handshake();
    silent.clock.advance(DEAD_AFTER_MS); // the tick at exactly DEAD_AFTER_MS of silence
    expect(silent.events.closed).toBeNull();
    silent.clock.advance(PING_INTERVAL_MS);
    expect(silent.events.closed).toMatchObject({ ban: false, code: 'dead' });

    const chatty = session();
    chatty.handshake();
    chatty.clock.advance(DEAD_AFTER_MS - 1);
    chatty.link.deliver({ type: 'getaddr' });
    chatty.clock.advance(DEAD_AFTER_MS);
    expect(chatty.events.closed).toBeNull();
  });

  it('waits four slow heartbeats before calling a peer dead when the interval is stretched', () => {
    const interval = 10_000;
    const x = session({ pingIntervalMs: interval });
    x.handshake();
    x.clock.advance(interval - 1);
    expect(x.link.sentOf('ping')).toEqual([]);
    x.clock.advance(4 * interval);
    expect(x.events.closed).toBeNull();
    expect(x.link.sentOf('ping')).toHaveLength(4);
    x.clock.advance(interval);
    expect(x.events.closed).toMatchObject({ code: 'dead' });
  });

  it('stops its timer on close, and sends nothing after', () => {
    const { s, link, clock, handshake } = session();
    handshake();
    s.close('stopping', 'done');
    expect(clock.pending).toBe(0);
    expect(link.closedWith).toBe('done');
    const count = link.sent.length;
    link.open = true; // even if the channel still took bytes
    s.send({ type: 'getaddr' });
    link.deliver({ type: 'ping', nonce: 1n });
    expect(link.sent.length).toBe(count);
  });

  it('closes as failed when sending throws', () => {
    const { link, events, handshake, s } = session();
    handshake();
    link.failSends = true;
    s.send({ type: 'getaddr' });
    expect(events.closed).toMatchObject({ ban: false, code: 'failed' });
  });

  it('does not send on a link that is no longer open', () => {
    const { s, link, handshake } = session();
    handshake();
    link.open = false;
    const count = link.sent.length;
    s.send({ type: 'getaddr' });
    expect(link.sent.length).toBe(count);
  });

  it('costs the link, and raises the error, when its owner fails on a message', () => {
    const raised: unknown[] = [];
    vi.stubGlobal('queueMicrotask', (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        raised.push(error);
      }
    });
    try {
      const x = session();
      x.handshake();
      const bug = new Error('handler bug');
      (x.s as unknown as { owner: SessionOwner }).owner.onMessage = () => {
        throw bug;
      };
      x.link.deliver({ type: 'getaddr' });
      expect(x.events.closed).toMatchObject({ ban: false, code: 'failed' });
      expect(raised).toEqual([bug]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('shuns a peer whose link closed on a framing violation, and only then', () => {
    const broken = session();
    broken.handshake();
    broken.link.endFromBelow('oversize', { code: 'frame-oversize', message: 'a frame of 5 MiB' });
    expect(broken.events.closed).toMatchObject({ ban: true, code: 'misbehaved' });
    const gone = session();
    gone.handshake();
    gone.link.endFromBelow('remote went away');
    expect(gone.events.closed).toMatchObject({ ban: false, code: 'link-closed', reason: 'remote went away' });
  });

  it('clips a reject reason to what a reject can carry', () => {
    const { s, link, handshake } = session();
    handshake();
    s.refuse('wrong-network', 'é'.repeat(MAX_REASON));
    const [reject] = link.sentOf('reject');
    expect(utf8(reject?.reason ?? '').length).toBeLessThanOrEqual(MAX_REASON);
    expect(utf8(reject?.reason ?? '').length).toBeGreaterThan(MAX_REASON - 2);
  });
});
