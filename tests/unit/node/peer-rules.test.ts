// The rules of one PeerSession, stated against a scripted remote: the test plays the other end of
// a fake link byte for byte and drives a manual clock, so every refusal, penalty and timer is seen
// at its edge. Mutation testing (docs/RELIABILITY.md) found these unpinned by the node tests.
import { describe, expect, it, vi } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { BAN_THRESHOLD, DEAD_AFTER_MS, HANDSHAKE_TIMEOUT_MS, PeerSession, PING_INTERVAL_MS, type SessionOwner } from '../../../src/node/p2p/peer';
import { PENALTIES } from '../../../src/node/p2p/penalties';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { MAIN, REGTEST } from '../../../src/core/protocol/networks';
import { decodeMessage, encodeMessage, MAX_REASON, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Message } from '../../../src/core/p2p/messages';
import { signHandshake, signerTranscript, type LinkBinding } from '../../../src/core/p2p/handshake';
import type { Direction, FrameViolation, Link, LinkEvents } from '../../../src/net/transport';
import { seededRandom } from '../../../sim/fakes';

/** Timers run by hand: advance(ms) fires what falls due, in order. */
class ManualClock {
  private t = 1_000_000;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.due.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (id: unknown) => void this.due.delete(id as number);
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.due].filter(([, d]) => d.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.due.size;
  }
}

/** The session's end of a link; the test is the other end. */
class ScriptedLink implements Link {
  open = true;
  readonly bufferedBytes = 0;
  readonly sent: Message[] = [];
  closedWith: string | undefined;
  failSends = false;
  private readonly listeners: { [K in keyof LinkEvents]: Array<(v: LinkEvents[K]) => void> } = { message: [], close: [] };
  constructor(
    readonly remoteId: string,
    readonly direction: Direction,
    readonly binding: LinkBinding | null,
  ) {}
  send(message: Uint8Array): void {
    if (this.failSends) throw new Error('channel gone');
    this.sent.push(decodeMessage(message));
  }
  close(reason?: string): void {
    this.open = false;
    this.closedWith = reason;
  }
  on<K extends keyof LinkEvents>(event: K, listener: (value: LinkEvents[K]) => void): () => void {
    this.listeners[event].push(listener);
    return () => undefined;
  }
  deliver(m: Message | Uint8Array): void {
    const bytes = m instanceof Uint8Array ? m : encodeMessage(m);
    for (const l of this.listeners.message) l(bytes);
  }
  endFromBelow(reason: string, violation?: FrameViolation): void {
    for (const l of this.listeners.close) l({ reason, violation });
  }
  sentOf<T extends Message['type']>(type: T): Extract<Message, { type: T }>[] {
    return this.sent.filter((m): m is Extract<Message, { type: T }> => m.type === type);
  }
}

const ourSecret = sha256(utf8('peer rules: us'));
const ourKey = publicKeyOf(ourSecret);
const theirSecret = sha256(utf8('peer rules: them'));
const theirKey = publicKeyOf(theirSecret);
const US = utf8('link end us');
const THEM = utf8('link end them');

interface Setup {
  direction?: Direction;
  binding?: LinkBinding | null;
  pingIntervalMs?: number;
  remoteId?: string;
}

function session(o: Setup = {}) {
  const clock = new ManualClock();
  const link = new ScriptedLink(o.remoteId ?? 'them', o.direction ?? 'inbound', o.binding === undefined ? { local: US, remote: THEM } : o.binding);
  const events = { ready: 0, messages: [] as Message[], closed: null as null | { reason: string; ban: boolean; code: string }, outdated: null as number | null };
  const owner: SessionOwner = {
    onReady: () => events.ready++,
    onMessage: (_s, m) => events.messages.push(m),
    onClose: (_s, reason, ban, code) => (events.closed = { reason, ban, code }),
    onOutdated: (_s, v) => (events.outdated = v),
  };
  const s = new PeerSession(
    link,
    { params: REGTEST, identity: { secret: ourSecret, key: ourKey, nonce: 7n }, timers: clock, random: seededRandom('peer rules'), software: 'test', localPeerId: () => 'us', best: () => ({ height: 12, work: 345n }), pingIntervalMs: o.pingIntervalMs },
    owner,
    'us-rendezvous',
  );
  s.start();
  const ours = link.sentOf('version')[0] as Extract<Message, { type: 'version' }>;
  const challenge = new Uint8Array(32).fill(9);
  const version = (over: Partial<Extract<Message, { type: 'version' }>> = {}): Message => ({
    type: 'version',
    protocolVersion: PROTOCOL_VERSION,
    minProtocolVersion: MIN_PROTOCOL_VERSION,
    genesis: REGTEST.genesisHash,
    bestHeight: 40,
    bestWork: 999n,
    software: 'them',
    nonce: 8n,
    nodeKey: theirKey,
    challenge,
    peerId: 'them',
    ...over,
  });
  /** Their verack: signed by secret over the link as `binding` describes it from their end. */
  const verack = (secret = theirSecret, binding: LinkBinding = { local: THEM, remote: US }): Message => ({
    type: 'verack',
    signature: signHandshake(signerTranscript(REGTEST.genesisHash, { key: publicKeyOf(secret), challenge }, { key: ourKey, challenge: ours.challenge }, binding), secret, new Uint8Array(32)),
  });
  const handshake = () => {
    link.deliver(version());
    link.deliver(verack());
  };
  return { s, link, clock, events, ours, version, verack, handshake };
}

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
