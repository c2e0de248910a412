// A ready PeerSession's byte budget and rule penalties, on a manual clock against a scripted
// remote (peer-rig.ts). Mutation testing (docs/RELIABILITY.md) found both unpinned by the focused
// peer tests: the 8-second byte burst, and misbehaveRule's score taken from the broken rule.
import { describe, expect, it } from 'vitest';
import { BAN_THRESHOLD, BYTES_PER_SEC } from '../../../src/node/p2p/peer';
import { VerifyError } from '../../../src/core/protocol/verify-error';
import { MAX_BLOCK_BYTES } from '../../../src/core/protocol/consensus';
import { encodeMessage } from '../../../src/core/p2p/messages';
import { session } from './peer-rig';

describe('a peer session: byte budget', () => {
  // The largest block message: a type byte, a 4-byte length, MAX_BLOCK_BYTES of body.
  const block = encodeMessage({ type: 'block', bytes: new Uint8Array(MAX_BLOCK_BYTES) });
  const fits = (bytes: number) => Math.floor(bytes / block.length);

  it('takes 8 MiB a second in bursts of 8 seconds, and bans at the first message past it', () => {
    expect(BYTES_PER_SEC).toBe(8 * 1024 * 1024);
    const { link, clock, events, handshake } = session();
    handshake();
    clock.advance(9_000); // the bucket is full again after the handshake's bytes
    const burst = fits(8 * BYTES_PER_SEC);
    for (let i = 0; i < burst; i++) link.deliver(block);
    expect(events.closed).toBeNull();
    expect(events.messages).toHaveLength(burst);
    // What the burst left, plus one second's worth: that many more blocks, and the next is too many.
    const left = 8 * BYTES_PER_SEC - burst * block.length;
    clock.advance(1_000);
    const more = fits(left + BYTES_PER_SEC);
    for (let i = 0; i < more; i++) link.deliver(block);
    expect(events.closed).toBeNull();
    link.deliver(block);
    expect(events.closed).toMatchObject({ ban: true, code: 'misbehaved', reason: expect.stringMatching(/^flood-budget/) });
    expect(events.messages).toHaveLength(burst + more);
  });
});

describe('a peer session: rule penalties', () => {
  it("costs the broken rule's own score, and bans with the rule id at the threshold", () => {
    const { s, link, events, handshake } = session();
    handshake();
    s.misbehaveRule('invalid-header', new VerifyError('time-too-new', 'two hours ahead', 0));
    expect(s.score).toBe(0);
    s.misbehaveRule('invalid-tx', new VerifyError('tx-bad-sig', 'does not verify', 30));
    expect(s.score).toBe(30);
    expect(events.closed).toBeNull();
    s.misbehaveRule('invalid-block', new VerifyError('bad-merkle', 'root differs'));
    expect(s.score).toBe(30 + BAN_THRESHOLD);
    expect(events.closed).toEqual({ ban: true, code: 'misbehaved', reason: 'invalid-block: bad-merkle' });
    expect(link.sentOf('reject')).toEqual([]); // rule penalties close silently
  });
});
