// A stand-in PeerSession for rule tests on fakes (relay, compact relay, header sync): what it was sent, and the
// penalties it took, by code (a rule penalty as `code:rule`).
import { COMPACT_RELAY_VERSION, type Message } from '../../../src/core/p2p/messages';
import { BoundedSet } from '../../../src/core/util/bounded-map';
import type { VerifyError } from '../../../src/core/protocol/verify-error';
import type { PeerSession } from '../../../src/node/p2p/peer';

export function fakeSession(name: string, version = COMPACT_RELAY_VERSION) {
  const sent: Message[] = [];
  const penalties: string[] = [];
  const raw = {
    id: name,
    state: 'ready',
    remote: { protocolVersion: version },
    knownInv: new BoundedSet<string>(10_000),
    /** What the peer has proved it has (sync raises these from the headers it sends). */
    bestHeight: 0,
    bestWork: 0n,
    send: (m: Message) => sent.push(m),
    misbehave: (code: string) => penalties.push(code),
    misbehaveRule: (code: string, e: VerifyError) => penalties.push(`${code}:${e.code}`),
  };
  return { peer: raw as unknown as PeerSession, raw, sent, penalties };
}
