// Fuzz targets shared by the short run in `npm test` and the long run (`npm run fuzz`): the p2p
// message decoder, and every message handler of a live node, fed random and mutated messages.
import fc from 'fast-check';
import { decodeMessage, encodeMessage, type Message } from '../../../src/core/p2p/messages';
import { CodecError } from '../../../src/core/encoding/codec-error';
import { encodeBlock } from '../../../src/core/primitives/block';
import { encodeTx } from '../../../src/core/primitives/tx';
import type { PeerSession } from '../../../src/node/p2p/peer';
import type { SimpleCoinNode } from '../../../src/node/node';
import { makeNode, SimulatedNetwork } from '../node/harness';
import { ALICE, BOB, makeBlock, transfer } from '../core/helpers';
import { TokenBucket } from '../../../src/node/p2p/budget';

/** Valid messages of every type, to mutate. */
export async function seedMessages(node: SimpleCoinNode): Promise<Uint8Array[]> {
  const chain = node.chain;
  const block = makeBlock(chain);
  const tx = transfer(ALICE, BOB, 1n, 0);
  const h = chain.tip.header;
  const msgs: Message[] = [
    { type: 'ping', nonce: 1n },
    { type: 'getaddr' },
    { type: 'addr', ids: ['a', 'b'] },
    { type: 'inv', items: [{ type: 2, hash: chain.tip.hash }, { type: 1, hash: new Uint8Array(32) }] },
    { type: 'getdata', items: [{ type: 2, hash: chain.tip.hash }] },
    { type: 'notfound', items: [{ type: 2, hash: new Uint8Array(32) }] },
    { type: 'getheaders', locator: chain.locator(), stop: new Uint8Array(32) },
    { type: 'headers', headers: [h, block.header] },
    { type: 'block', bytes: encodeBlock(block) },
    { type: 'tx', bytes: encodeTx(tx) },
    { type: 'reject', code: 'x', reason: 'y' },
  ];
  return msgs.map(encodeMessage);
}

/** Arbitrary bytes, and valid messages with bytes flipped, cut or added. */
export function messageBytes(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), fc.boolean()).map(([base, flips, cut, trim]) => {
    const b = base.slice();
    for (const [at, v] of flips) b[at % b.length] = v;
    return trim ? b.subarray(0, Math.max(1, cut % (b.length + 1))) : b;
  });
  return fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }), mutated);
}

/**
 * The decoder either decodes or throws CodecError; returns the time taken, for the report only
 * (a wall-clock bound here would fail on a loaded machine: the size bounds are tested instead).
 */
export function decoderProperty(bytes: Uint8Array): number {
  const t = performance.now();
  try {
    decodeMessage(bytes);
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
  }
  return performance.now() - t;
}

export interface HandlerRig {
  node: SimpleCoinNode;
  peer: PeerSession;
  /** Feeds one message to the node as if the peer sent it; resolves when handled. */
  feed(bytes: Uint8Array): Promise<void>;
  /** How the fed messages ended: close reasons by kind, and how many were handled quietly. */
  outcomes: Map<string, number>;
}

/**
 * A node with a ready session from a peer. Messages go straight into the session's receive path,
 * so every handler runs; the peer's score is reset each time so the session lives on.
 */
export async function handlerRig(): Promise<HandlerRig> {
  const net = new SimulatedNetwork();
  const honest = await makeNode(net);
  const other = await makeNode(net);
  await net.until(() => honest.node.p2p!.pool.ready().length > 0, 5_000, 'a ready peer');
  await honest.node.mineRegtestBlocks(3, ALICE.pub);
  const peer = honest.node.p2p!.pool.ready()[0]!;
  const receive = (peer as unknown as { receive(b: Uint8Array): void }).receive.bind(peer);
  // Without this the message budget would soon turn every case into a "flood" and no handler
  // would run: a million cases arrive far faster than 2,000 messages a second.
  Object.assign(peer, { messages: new TokenBucket(1e12, 1e12, 0), bytes: new TokenBucket(1e15, 1e15, 0) });
  other.node.stop();
  const outcomes = new Map<string, number>();
  return {
    node: honest.node,
    peer,
    outcomes,
    async feed(bytes) {
      // Keep the session alive for the next case: what is under test is that nothing escapes.
      const s = peer as unknown as { state: string; closeReason: string };
      s.state = 'ready';
      s.closeReason = '';
      peer.score = 0;
      receive(bytes);
      await new Promise((r) => setImmediate(r));
      const kind = s.state === 'closed' ? `closed: ${s.closeReason.split(/[:(]/)[0]!.trim()}` : 'handled';
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    },
  };
}
