// Profiles: what peers say about themselves (nickname, reward account, hash rate) for the
// classroom page. All of it is untrusted display text: bounded by the decoder (32-byte nickname),
// cleaned of control and bidi characters here, rate limited per peer, and never used for a decision.
import { toHex } from '../../core/encoding/bytes';
import type { Message } from '../../core/p2p/messages';
import type { Timers } from '../../core/util/timers';
import { PeerBudgets } from './budget';
import type { PeerSession } from './peer';

export type ProfileMessage = Extract<Message, { type: 'profile' }>;

export interface PeerProfile {
  nickname: string;
  /** Hex of the account its mining rewards go to, or null. */
  rewardKeyHex: string | null;
  hashRate: number;
}

/** A peer may update its profile once per 5 s (bursts of 3); more is ignored, not stored. */
export const PROFILE_RATE_PER_SEC = 0.2;
export const PROFILE_BURST = 3;
/** We announce our own at most once per 10 s (a nickname change goes out at once). */
export const PROFILE_SEND_INTERVAL_MS = 10_000;

// Control characters, bidi overrides and isolates, zero-width characters: text that could make a
// nickname hide or reorder what is shown around it.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** A nickname as it may be shown: visible characters only, single spaces, at most 24 characters. */
export function cleanNickname(raw: string): string {
  return [...raw.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim()].slice(0, 24).join('');
}

export class Profiles {
  private readonly byPeer = new WeakMap<PeerSession, PeerProfile>();
  private readonly budget = new PeerBudgets<PeerSession>(PROFILE_RATE_PER_SEC, PROFILE_BURST);
  private local: ProfileMessage | null = null;
  private lastSent = -Infinity;
  private pending: unknown = null;

  constructor(
    private readonly timers: Timers,
    private readonly peers: () => PeerSession[],
    private readonly onChange: () => void,
  ) {}

  get(s: PeerSession): PeerProfile | null {
    return this.byPeer.get(s) ?? null;
  }

  receive(s: PeerSession, m: ProfileMessage): void {
    if (!this.budget.take(s, 1, this.timers.now())) return;
    const zero = m.rewardKey.every((b) => b === 0);
    this.byPeer.set(s, { nickname: cleanNickname(m.nickname), rewardKeyHex: zero ? null : toHex(m.rewardKey), hashRate: m.hashRate });
    this.onChange();
  }

  /** A new peer hears our profile as soon as it is ready. */
  greet(s: PeerSession): void {
    if (this.local) s.send(this.local);
  }

  /** Sets our profile; peers hear it now if the nickname or reward account changed, else within 10 s. */
  set(profile: ProfileMessage): void {
    const renamed = this.local?.nickname !== profile.nickname || toHex(this.local.rewardKey) !== toHex(profile.rewardKey);
    this.local = profile;
    const wait = renamed ? 0 : Math.max(0, this.lastSent + PROFILE_SEND_INTERVAL_MS - this.timers.now());
    if (this.pending) {
      if (wait > 0) return;
      this.timers.clearTimeout(this.pending);
    }
    this.pending = this.timers.setTimeout(() => this.broadcast(), wait);
  }

  stop(): void {
    if (this.pending) this.timers.clearTimeout(this.pending);
    this.pending = null;
  }

  private broadcast(): void {
    this.pending = null;
    if (!this.local) return;
    this.lastSent = this.timers.now();
    for (const s of this.peers()) s.send(this.local);
  }
}
