// A scripted remote for one PeerSession (peer-rules-*.test.ts): the test plays the other end of a
// fake link byte for byte and drives a manual clock, so every refusal, penalty and timer is seen
// at its edge.
import { sha256 } from '@noble/hashes/sha2.js';
import { PeerSession, type SessionOwner } from '../../../src/node/p2p/peer';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { utf8 } from '../../../src/core/encoding/bytes';
import { REGTEST } from '../../../src/core/protocol/networks';
import { decodeMessage, encodeMessage, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Message } from '../../../src/core/p2p/messages';
import { signHandshake, signerTranscript, type LinkBinding } from '../../../src/core/p2p/handshake';
import type { Direction, FrameViolation, Link, LinkEvents } from '../../../src/net/transport';
import { seededRandom } from '../../../sim/fakes';

/** Timers run by hand: advance(ms) fires what falls due, in order. */
export class ManualClock {
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
export class ScriptedLink implements Link {
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

export const ourSecret = sha256(utf8('peer rules: us'));
export const ourKey = publicKeyOf(ourSecret);
export const theirSecret = sha256(utf8('peer rules: them'));
export const theirKey = publicKeyOf(theirSecret);
export const US = utf8('link end us');
export const THEM = utf8('link end them');

export interface Setup {
  direction?: Direction;
  binding?: LinkBinding | null;
  pingIntervalMs?: number;
  remoteId?: string;
}

export function session(o: Setup = {}) {
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
