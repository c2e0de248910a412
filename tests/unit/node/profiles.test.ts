import { describe, expect, it } from 'vitest';
import { cleanNickname, PROFILE_BURST } from '../../../src/node/p2p/profiles';
import { ALICE } from '../core/helpers';
import { makeNode, oneLinkEach, SimulatedNetwork } from './harness';

const profile = (nickname: string, hashRate = 0) => ({ type: 'profile' as const, nickname, rewardKey: ALICE.pub, hashRate });

describe('profiles (classroom nicknames)', { timeout: 20_000 }, () => {
  it('reach a peer that joins later and follow a rename', async () => {
    const net = new SimulatedNetwork();
    const a = await makeNode(net);
    a.node.setProfile(profile('Ana', 5_000_000));
    const b = await makeNode(net);
    const seen = () => b.node.peerList().find((p) => p.state === 'ready')?.profile ?? null;
    await net.until(() => seen() !== null, 5_000, 'profile');
    expect(seen()).toEqual({ nickname: 'Ana', rewardKeyHex: ALICE.hex, hashRate: 5_000_000 });
    a.node.setProfile(profile('Ana B'));
    await net.until(() => seen()?.nickname === 'Ana B', 5_000, 'rename');
    a.node.stop();
    b.node.stop();
  });

  it('ignore updates beyond the per-peer budget without penalty', async () => {
    const net = new SimulatedNetwork();
    const a = await makeNode(net);
    const b = await makeNode(net);
    await net.until(() => oneLinkEach(a, b), 5_000, 'one link');
    const session = [...a.node.p2p!.pool.sessions][0]!;
    for (let i = 0; i < PROFILE_BURST + 5; i++) session.send(profile(`spam${i}`));
    const seen = () => b.node.peerList().find((p) => p.state === 'ready')?.profile?.nickname;
    await net.until(() => seen() === `spam${PROFILE_BURST - 1}`, 5_000, 'burst');
    await net.wait(200);
    expect(seen()).toBe(`spam${PROFILE_BURST - 1}`);
    expect(b.node.peerList().filter((p) => p.state === 'ready')).toHaveLength(1);
    a.node.stop();
    b.node.stop();
  });

  it('show nicknames without control, bidi or zero-width characters', () => {
    expect(cleanNickname('  Ana\u202e\u200b  Lee\n')).toBe('Ana Lee');
    expect(cleanNickname('\u0000\u0007')).toBe('');
    expect([...cleanNickname('x'.repeat(40))]).toHaveLength(24);
  });
});

describe('network start', { timeout: 20_000 }, () => {
  it('retries an unreachable signaling server with backoff and says which attempt is next', async () => {
    const net = new SimulatedNetwork();
    let fail = true;
    const a = await makeNode(net, undefined, { start: false });
    const open = (a.node as unknown as { options: { openTransport: (c: unknown) => Promise<unknown> } }).options;
    const real = open.openTransport;
    open.openTransport = async (c) => {
      if (fail) throw new Error('offline');
      return real(c);
    };
    const events: Array<{ state: string; attempt?: number; nextInMs?: number }> = [];
    a.node.events.on('signaling', (s) => events.push(s));
    await net.settle(a.node.startNetwork());
    await net.until(() => events.filter((e) => e.state === 'reconnecting').length >= 2, 5_000, 'two retries');
    const retries = events.filter((e) => e.state === 'reconnecting');
    expect(retries.slice(0, 2).map((e) => [e.attempt, e.nextInMs])).toEqual([
      [1, 1_000],
      [2, 2_000],
    ]);
    fail = false;
    a.node.retryNetwork();
    await net.until(() => a.node.transport !== null, 2_000, 'connected after retry');
    expect(events.at(-1)?.state).toBe('connected');
    a.node.stop();
  });
});
