// One peer session over one link: the handshake, heartbeats, a byte and message budget, and the
// misbehaviour score. Messages that pass all of that go to the owner (the pool). Nothing a peer
// sends can throw out of here: a bad message closes the session with a reason.
import { toHex, bytesEqual } from '../../core/encoding/bytes';
import { CodecError } from '../../core/encoding/codec-error';
import type { RandomBytes, Timers } from '../../core/util/timers';
import { BoundedSet } from '../../core/util/bounded-map';
import { decodeMessage, encodeMessage, MAX_REASON, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Message } from '../../core/p2p/messages';
import { signHandshake, signerTranscript, verifierTranscript, verifyHandshake } from '../../core/p2p/handshake';
import type { VerifyError } from '../../core/protocol/verify-error';
import type { NetworkParams } from '../../core/protocol/networks';
import type { FrameViolation, Link } from '../../net/transport';
import { TokenBucket } from './budget';
import { BAN_THRESHOLD, PENALTIES, REFUSALS, penaltyScore, type FixedPenaltyCode, type PenaltyCode, type RefusalCode, type RulePenaltyCode } from './penalties';
import type { CloseCode } from './close-codes';
import { raiseUncaught } from '../../core/util/fault';

export { BAN_THRESHOLD };

export const HANDSHAKE_TIMEOUT_MS = 10_000;
export const PING_INTERVAL_MS = 5_000;
export const DEAD_AFTER_MS = 20_000;
/** A peer's budget: messages and bytes per second, with bursts of 10 and 8 seconds' worth. */
export const MESSAGES_PER_SEC = 2_000;
export const BYTES_PER_SEC = 8 * 1024 * 1024;

export interface NodeIdentity {
  secret: Uint8Array;
  key: Uint8Array;
  /** Per-process random number: a version carrying it is ourselves. */
  nonce: bigint;
}

export interface SessionContext {
  params: NetworkParams;
  identity: NodeIdentity;
  timers: Timers;
  random: RandomBytes;
  software: string;
  localPeerId: () => string;
  best: () => { height: number; work: bigint };
  /** Heartbeat period; the simulator stretches it (default PING_INTERVAL_MS). */
  pingIntervalMs?: number;
}

export interface SessionOwner {
  onReady(s: PeerSession): void;
  onMessage(s: PeerSession, m: Message): void;
  /** code: why, for the UI (close-codes.ts); reason: the detail, for logs. */
  onClose(s: PeerSession, reason: string, ban: boolean, code: CloseCode): void;
  /** A peer whose handshake verified requires a newer protocol than ours. */
  onOutdated(s: PeerSession, minVersion: number): void;
}

export type VersionMessage = Extract<Message, { type: 'version' }>;

export class PeerSession {
  state: 'handshake' | 'ready' | 'closed' = 'handshake';
  remote: VersionMessage | null = null;
  private verified = false;
  private readonly challenge: Uint8Array;
  readonly knownInv = new BoundedSet<string>(10_000);
  score = 0;
  latencyMs: number | null = null;
  lastReceived: number;
  bestHeight = 0;
  bestWork = 0n;
  closeReason = '';
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private timer: unknown = null;
  private pingNonce: bigint | null = null;
  private pingSent = 0;

  constructor(
    readonly link: Link,
    private readonly ctx: SessionContext,
    private readonly owner: SessionOwner,
    /** The id we were reached at (inbound: our main or rendezvous id). */
    readonly localId: string = ctx.localPeerId(),
  ) {
    const now = ctx.timers.now();
    this.lastReceived = now;
    this.challenge = ctx.random(32);
    // Generous enough for a full-speed sync of requested blocks; objects nobody asked for have
    // their own, much smaller budgets (relay.ts).
    this.messages = new TokenBucket(MESSAGES_PER_SEC, MESSAGES_PER_SEC * 10, now);
    this.bytes = new TokenBucket(BYTES_PER_SEC, BYTES_PER_SEC * 8, now);
    link.on('message', (bytes) => this.receive(bytes));
    link.on('close', ({ reason, violation }) => this.closed(reason, violation));
  }

  get id(): string {
    return this.link.remoteId;
  }

  get direction(): Link['direction'] {
    return this.link.direction;
  }

  /** The peer's node key once its signature verified on this link; '' until then. */
  get nodeKeyHex(): string {
    return this.remote && this.verified ? toHex(this.remote.nodeKey) : '';
  }

  /**
   * The peer's PeerJS id if the link proves it: its version's peerId is the id the link comes
   * from. Checked on inbound links; on a link we dialled to a rendezvous id it is only a hint.
   */
  get provenPeerId(): string | null {
    return this.remote?.peerId === this.id ? this.id : null;
  }

  /**
   * Names this connection the same way on both ends: who dialled, and which id they dialled.
   * Of several connections between two nodes, both keep the one with the smallest name.
   */
  get connectionName(): string {
    const dialer = this.direction === 'outbound' ? toHex(this.ctx.identity.key) : this.nodeKeyHex;
    const dialled = this.direction === 'outbound' ? this.id : this.localId;
    return `${dialer}:${dialled}`;
  }

  start(): void {
    const best = this.ctx.best();
    this.send({
      type: 'version',
      protocolVersion: PROTOCOL_VERSION,
      minProtocolVersion: MIN_PROTOCOL_VERSION,
      genesis: this.ctx.params.genesisHash,
      bestHeight: best.height,
      bestWork: best.work,
      software: this.ctx.software,
      nonce: this.ctx.identity.nonce,
      nodeKey: this.ctx.identity.key,
      challenge: this.challenge,
      peerId: this.ctx.localPeerId(),
    });
    this.schedule(HANDSHAKE_TIMEOUT_MS);
  }

  send(m: Message): void {
    if (this.state === 'closed' || !this.link.open) return;
    try {
      this.link.send(encodeMessage(m));
    } catch (error) {
      this.close('failed', `send failed: ${(error as Error).message}`);
    }
  }

  /** Adds misbehaviour (penalties.ts); at the threshold the peer is disconnected and shunned. */
  misbehave(code: FixedPenaltyCode, detail: string = PENALTIES[code].what): void {
    this.addScore(code, penaltyScore(code), detail);
  }

  /** Misbehaviour for an object that broke a rule: the rule's score. */
  misbehaveRule(code: RulePenaltyCode, error: VerifyError): void {
    this.addScore(code, penaltyScore(code, error), error.code);
  }

  /** Closes without holding it against the peer, with a reject where REFUSALS says so. */
  refuse(code: RefusalCode, detail: string): void {
    if (REFUSALS[code].reply === 'reject') this.send({ type: 'reject', code, reason: clip(detail) });
    this.close(code, `${code}: ${detail}`);
  }

  private addScore(code: PenaltyCode, points: number, detail: string): void {
    if (points <= 0 || this.state === 'closed') return;
    this.score += points;
    if (this.score < BAN_THRESHOLD) return;
    if (PENALTIES[code].reply === 'reject') this.send({ type: 'reject', code, reason: clip(detail) });
    this.close('misbehaved', `${code}: ${detail}`, true);
  }

  close(code: CloseCode, reason: string, ban = false): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    if (this.timer) this.ctx.timers.clearTimeout(this.timer);
    this.link.close(reason);
    this.owner.onClose(this, reason, ban, code);
  }

  private closed(reason: string, violation: FrameViolation | undefined): void {
    if (this.state === 'closed') return;
    // The link closes itself on a framing violation (an oversize or empty frame): that is the
    // peer breaking the protocol, so it is shunned like any other malformed message.
    if (violation) this.addScore(violation.code, penaltyScore(violation.code), violation.message);
    this.close('link-closed', reason);
  }

  private receive(bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    const now = this.ctx.timers.now();
    this.lastReceived = now;
    if (!this.messages.take(1, now) || !this.bytes.take(bytes.length, now)) {
      return this.misbehave('flood-budget');
    }
    let m: Message;
    try {
      m = decodeMessage(bytes);
    } catch (error) {
      const why = error instanceof CodecError ? error.message : 'undecodable';
      return this.misbehave('bad-encoding', `malformed message: ${why}`);
    }
    try {
      this.handle(m, now);
    } catch (error) {
      // A handler bug must not let a peer take the node down; it costs the peer its link, and is
      // rethrown uncaught so that it is seen.
      this.close('failed', `handler failed on ${m.type}: ${(error as Error).message}`);
      raiseUncaught(error);
    }
  }

  private handle(m: Message, now: number): void {
    if (this.state === 'handshake') return this.handshake(m);
    switch (m.type) {
      case 'ping':
        return this.send({ type: 'pong', nonce: m.nonce });
      case 'pong':
        if (this.pingNonce !== null && m.nonce === this.pingNonce) {
          this.latencyMs = now - this.pingSent;
          this.pingNonce = null;
        }
        return;
      case 'version':
      case 'verack':
        return this.misbehave('duplicate-handshake', `${m.type} after the handshake`);
      case 'reject':
        return this.close('peer-closed', `peer closed: ${m.code}: ${m.reason}`);
      default:
        this.owner.onMessage(this, m);
    }
  }

  private handshake(m: Message): void {
    const { params, identity } = this.ctx;
    // A refusal before the handshake is unauthenticated: it closes the link and nothing more.
    if (m.type === 'reject') return this.close('peer-refused', `peer refused us: ${m.code}: ${m.reason}`);
    const own = { key: identity.key, challenge: this.challenge };
    const binding = this.link.binding;
    if (m.type === 'version' && !this.remote) {
      if (m.nonce === identity.nonce || bytesEqual(m.nodeKey, identity.key)) return this.refuse('self', 'connected to ourselves');
      if (!bytesEqual(m.genesis, params.genesisHash)) return this.refuse('wrong-network', `this node is on ${params.name}`);
      if (this.direction === 'inbound' && m.peerId !== this.id) return this.refuse('bad-peerid', `this link comes from ${this.id}`);
      if (!binding) return this.refuse('unbound', 'the link identity cannot be read');
      this.remote = m;
      this.bestHeight = m.bestHeight;
      this.bestWork = m.bestWork;
      // Signed before any refusal on version grounds, so that an outdated peer can authenticate
      // the version that tells it so (and shows its user the update notice only for a real node).
      const signature = signHandshake(signerTranscript(params.genesisHash, own, { key: m.nodeKey, challenge: m.challenge }, binding), identity.secret, this.ctx.random(32));
      this.send({ type: 'verack', signature });
      if (m.protocolVersion < MIN_PROTOCOL_VERSION) return this.refuse('obsolete', `protocol ${MIN_PROTOCOL_VERSION} or newer is required`);
    } else if (m.type === 'verack' && this.remote && !this.verified) {
      const peer = { key: this.remote.nodeKey, challenge: this.remote.challenge };
      if (!binding || !verifyHandshake(m.signature, verifierTranscript(params.genesisHash, own, peer, binding))) {
        return this.misbehave('bad-auth', 'the handshake signature does not verify for this link');
      }
      this.verified = true;
    } else {
      return this.misbehave('before-handshake', `${m.type} before the handshake`);
    }
    if (this.remote && this.verified) {
      if (this.remote.minProtocolVersion > PROTOCOL_VERSION) {
        this.owner.onOutdated(this, this.remote.minProtocolVersion);
        return this.refuse('outdated', `peer requires protocol ${this.remote.minProtocolVersion}; this client must update`);
      }
      this.state = 'ready';
      this.schedule(this.ctx.pingIntervalMs ?? PING_INTERVAL_MS);
      this.owner.onReady(this);
    }
  }

  /** One timer per session: handshake timeout, then heartbeat. */
  private schedule(ms: number): void {
    if (this.timer) this.ctx.timers.clearTimeout(this.timer);
    this.timer = this.ctx.timers.setTimeout(() => this.tick(), ms);
  }

  private tick(): void {
    if (this.state === 'closed') return;
    if (this.state === 'handshake') return this.refuse('handshake-timeout', 'handshake timed out');
    const now = this.ctx.timers.now();
    // A killed tab never closes its channel (peers/peerjs#1313): silence (no message of any kind
    // since the last one) means dead.
    if (now - this.lastReceived > Math.max(DEAD_AFTER_MS, 4 * (this.ctx.pingIntervalMs ?? PING_INTERVAL_MS))) return this.refuse('dead', 'no answer to heartbeats');
    const nonce = this.ctx.random(8).reduce((n, b) => (n << 8n) | BigInt(b), 0n);
    this.pingNonce = nonce;
    this.pingSent = now;
    this.send({ type: 'ping', nonce });
    this.schedule(this.ctx.pingIntervalMs ?? PING_INTERVAL_MS);
  }
}

const bytesOf = new TextEncoder();

/** A reject's reason must fit its bound, or the reject itself would fail to encode. */
function clip(reason: string): string {
  let out = reason;
  while (bytesOf.encode(out).length > MAX_REASON) out = out.slice(0, -1);
  return out;
}
