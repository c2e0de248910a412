// A manual clock and a fake peer for the Uploader (upload*.test.ts): the peer's link drains at a
// chosen rate, and what it is sent, penalised for and told notfound is counted.
import { Uploader, type UploadContext } from '../../../src/node/p2p/upload';
import { encodeMessage, type Message } from '../../../src/core/p2p/messages';
import { MAX_BLOCK_BYTES } from '../../../src/core/protocol/consensus';
import type { PeerSession } from '../../../src/node/p2p/peer';
import type { BlockHeader } from '../../../src/core/primitives/header';
import type { Timers } from '../../../src/core/util/timers';

export function manualClock() {
  let now = 0;
  let due: { at: number; fn: () => void }[] = [];
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => due.push({ at: now + ms, fn }),
    clearTimeout: () => undefined,
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** Moves time on in 10 ms steps, running what falls due and letting the pump continue. */
  const advance = async (ms: number) => {
    for (const end = now + ms; now < end; ) {
      now += 10;
      const ready = due.filter((d) => d.at <= now);
      due = due.filter((d) => d.at > now);
      for (const d of ready) d.fn();
      await flush();
    }
  };
  return { timers, advance, flush };
}

/** A peer whose link drains at `drainPerSec` bytes a second (Infinity: instantly; 0: it stopped reading). */
export function fakePeer(drainPerSec: number, clock: ReturnType<typeof manualClock>) {
  const rate = { drainPerSec };
  const got = { bytes: 0, messages: [] as Message['type'][], sent: [] as Message[], penalties: [] as string[], notFound: 0, closed: null as string | null };
  let held = 0;
  let drainedAt = 0;
  const drain = () => {
    const now = clock.timers.now();
    held = rate.drainPerSec === Infinity ? 0 : Math.max(0, held - ((now - drainedAt) / 1000) * rate.drainPerSec);
    drainedAt = now;
    return held;
  };
  const link = {
    get bufferedBytes() {
      return drain();
    },
  };
  const peer = {
    state: 'ready',
    link,
    knownInv: { add: () => undefined },
    send: (m: Message) => {
      const size = encodeMessage(m).length;
      got.bytes += size;
      got.messages.push(m.type);
      got.sent.push(m);
      if (m.type === 'notfound') got.notFound += m.items.length;
      drain();
      if (rate.drainPerSec !== Infinity) held += size;
    },
    misbehave: (code: string) => got.penalties.push(code),
    close: (code: string) => (got.closed = code),
  };
  return { peer: peer as unknown as PeerSession, got, rate };
}

export const hashOf = (i: number) => new Uint8Array(32).fill(i + 1);
export const fullBlock = new Uint8Array(MAX_BLOCK_BYTES);
const headers2000 = Array.from({ length: 2_000 }, () => ({ version: 1, prevHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 }) as unknown as BlockHeader);

export function uploader(clock: ReturnType<typeof manualClock>, over: Partial<UploadContext> = {}) {
  return new Uploader({
    chain: { index: { get: () => ({ hasData: true, invalid: false }) } } as never,
    mempool: { get: () => undefined } as never,
    timers: clock.timers,
    readBlock: async () => fullBlock,
    headersFor: () => headers2000,
    ...over,
  });
}

