// Profiles (src/node/p2p/profiles.ts) on a manual clock: the per-peer update budget, the 10 s
// announce interval and the rename that goes out at once, each at its edge.
import { describe, expect, it } from 'vitest';
import { cleanNickname, PROFILE_BURST, PROFILE_RATE_PER_SEC, PROFILE_SEND_INTERVAL_MS, Profiles, type ProfileMessage } from '../../../src/node/p2p/profiles';
import type { PeerSession } from '../../../src/node/p2p/peer';
import { ManualClock } from './peer-rig';
import { ALICE, BOB } from '../core/helpers';

const profile = (nickname: string, o: Partial<ProfileMessage> = {}): ProfileMessage => ({ type: 'profile', nickname, rewardKey: ALICE.pub, hashRate: 0, ...o });

/** A peer that records what it is sent. */
const peer = () => {
  const sent: ProfileMessage[] = [];
  return { sent, session: { send: (m: ProfileMessage) => sent.push(m) } as unknown as PeerSession };
};

function rig() {
  const clock = new ManualClock();
  const a = peer();
  const b = peer();
  let changes = 0;
  const profiles = new Profiles(clock, () => [a.session, b.session], () => changes++);
  return { clock, a, b, profiles, changes: () => changes };
}

describe('profiles a peer sends us', () => {
  it('are stored cleaned, with an all-zero reward key as none', () => {
    const { a, b, profiles, changes } = rig();
    expect(profiles.get(a.session)).toBeNull();
    profiles.receive(a.session, profile(' Ana\u202e ', { hashRate: 42 }));
    expect(profiles.get(a.session)).toEqual({ nickname: 'Ana', rewardKeyHex: ALICE.hex, hashRate: 42 });
    profiles.receive(b.session, profile('Bo', { rewardKey: new Uint8Array(32) }));
    expect(profiles.get(b.session)?.rewardKeyHex).toBeNull();
    const partlyZero = new Uint8Array(32);
    partlyZero[31] = 1;
    profiles.receive(b.session, profile('Bo', { rewardKey: partlyZero }));
    expect(profiles.get(b.session)?.rewardKeyHex).toBe('00'.repeat(31) + '01');
    expect(changes()).toBe(3);
  });

  it('are taken in a burst of 3, then one per 5 s, per peer; the rest is dropped unseen', () => {
    expect([PROFILE_BURST, PROFILE_RATE_PER_SEC]).toEqual([3, 0.2]);
    const { clock, a, b, profiles, changes } = rig();
    for (let i = 0; i < PROFILE_BURST; i++) profiles.receive(a.session, profile(`a${i}`));
    expect(profiles.get(a.session)?.nickname).toBe('a2');
    clock.advance(4_900);
    profiles.receive(a.session, profile('too soon'));
    expect(profiles.get(a.session)?.nickname).toBe('a2');
    expect(changes()).toBe(3);
    // Another peer has its own budget.
    profiles.receive(b.session, profile('b0'));
    expect(profiles.get(b.session)?.nickname).toBe('b0');
  });

  it('accepts the next update once 5 s of budget has come back', () => {
    const { clock, a, profiles } = rig();
    for (let i = 0; i < PROFILE_BURST; i++) profiles.receive(a.session, profile(`a${i}`));
    clock.advance(5_000);
    profiles.receive(a.session, profile('later'));
    expect(profiles.get(a.session)?.nickname).toBe('later');
  });
});

describe('our own profile', () => {
  it('greets a new peer only once we have one', () => {
    const { a, profiles } = rig();
    profiles.greet(a.session);
    expect(a.sent).toEqual([]);
    profiles.set(profile('Me'));
    profiles.greet(a.session);
    expect(a.sent).toEqual([profile('Me')]);
  });

  it('goes out at once when first set, then at most once per 10 s while only the hash rate changes', () => {
    expect(PROFILE_SEND_INTERVAL_MS).toBe(10_000);
    const { clock, a, b, profiles } = rig();
    profiles.set(profile('Me', { hashRate: 1 }));
    clock.advance(0);
    expect(a.sent.map((m) => m.hashRate)).toEqual([1]);
    expect(b.sent.map((m) => m.hashRate)).toEqual([1]);
    clock.advance(3_000);
    profiles.set(profile('Me', { hashRate: 2 }));
    profiles.set(profile('Me', { hashRate: 3 }));
    clock.advance(6_999);
    expect(a.sent.map((m) => m.hashRate)).toEqual([1]);
    clock.advance(1);
    expect(a.sent.map((m) => m.hashRate)).toEqual([1, 3]);
    expect(clock.pending).toBe(0);
    // Long after the last send, an update waits for nothing.
    clock.advance(20_000);
    profiles.set(profile('Me', { hashRate: 4 }));
    clock.advance(0);
    expect(a.sent.map((m) => m.hashRate)).toEqual([1, 3, 4]);
  });

  it('goes out at once on a new nickname or reward account, replacing the waiting update', () => {
    const { clock, a, profiles } = rig();
    profiles.set(profile('Me'));
    clock.advance(1_000);
    profiles.set(profile('Me', { hashRate: 9 }));
    profiles.set(profile('Me too'));
    clock.advance(0);
    expect(a.sent.map((m) => m.nickname)).toEqual(['Me', 'Me too']);
    expect(clock.pending).toBe(0);
    profiles.set(profile('Me too', { rewardKey: BOB.pub }));
    clock.advance(0);
    expect(a.sent.map((m) => m.rewardKey)).toEqual([ALICE.pub, ALICE.pub, BOB.pub]);
  });

  it('keeps a rename waiting to go out at once when only the hash rate changes after it', () => {
    const { clock, a, profiles } = rig();
    profiles.set(profile('Me'));
    clock.advance(1_000);
    profiles.set(profile('Me too'));
    profiles.set(profile('Me too', { hashRate: 7 }));
    clock.advance(0);
    expect(a.sent.map((m) => [m.nickname, m.hashRate])).toEqual([
      ['Me', 0],
      ['Me too', 7],
    ]);
  });

  it('goes out at once if stopped before anything was sent', () => {
    const { clock, a, profiles } = rig();
    profiles.set(profile('Me'));
    profiles.stop();
    profiles.set(profile('Me', { hashRate: 2 }));
    clock.advance(0);
    expect(a.sent.map((m) => m.hashRate)).toEqual([2]);
  });

  it('sends nothing after stop', () => {
    const { clock, a, profiles } = rig();
    profiles.set(profile('Me'));
    clock.advance(0);
    profiles.set(profile('Me', { hashRate: 5 }));
    profiles.stop();
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    expect(a.sent).toHaveLength(1);
    profiles.stop();
  });
});

describe('cleanNickname', () => {
  it('drops control, format and line-separator characters, folds spaces and keeps 24 characters', () => {
    expect(cleanNickname('a\u2028b\u2029c\u200dd\u0007e')).toBe('abcde');
    expect(cleanNickname('  a \t\n b  ')).toBe('a b');
    expect(cleanNickname('😀'.repeat(30))).toBe('😀'.repeat(24));
  });
});
