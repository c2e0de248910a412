// A hostile (or merely scripted) peer over the in-memory transport: the node's own PeerSession does
// the handshake, so the script speaks the real protocol, and every message it receives is recorded.
import { sha256 } from '@noble/hashes/sha2.js';
import { PeerSession, type SessionOwner } from '../../../src/node/p2p/peer';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { utf8 } from '../../../src/core/encoding/bytes';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import type { Message } from '../../../src/core/p2p/messages';
import { hashValue, headerHash, type BlockHeader } from '../../../src/core/primitives/header';
import { targetFromBits } from '../../../src/core/pow/compact';
import { seededRandom, type SimulatedNetwork } from './harness';

export interface ScriptOptions {
  /** The identity: each seed is another node key. */
  seed: string;
  params?: NetworkParams;
  /** What the script claims in its version. */
  best?: { height: number; work: bigint };
  /** Answers to what the node sends (getheaders, getdata, …). */
  onMessage?: (m: Message, peer: ScriptedPeer) => void;
}

/** Numbers each script's transport, so one seed may dial again under a fresh id. */
let scripts = 0;

export class ScriptedPeer {
  readonly received: Message[] = [];
  closedReason: string | null = null;
  banned = false;
  session!: PeerSession;

  private constructor(readonly options: ScriptOptions) {}

  /** Dials the node at remoteId and completes the handshake. */
  static async connect(net: SimulatedNetwork, remoteId: string, options: ScriptOptions): Promise<ScriptedPeer> {
    const peer = new ScriptedPeer(options);
    const transport = net.createTransport(`script-${options.seed}-${scripts++}`);
    transport.on('link', (l) => l.close('a script takes no calls'));
    const link = await net.settle(transport.connect(remoteId));
    const secret = sha256(utf8(`script ${options.seed}`));
    const owner: SessionOwner = {
      onReady: () => undefined,
      onMessage: (_s, m) => {
        peer.received.push(m);
        options.onMessage?.(m, peer);
      },
      onClose: (_s, reason, ban) => {
        peer.closedReason = reason;
        peer.banned = ban;
        transport.close();
      },
      onOutdated: () => undefined,
    };
    const random = seededRandom(options.seed);
    peer.session = new PeerSession(
      link,
      {
        params: options.params ?? REGTEST,
        identity: { secret, key: publicKeyOf(secret), nonce: BigInt(`0x${Buffer.from(random(8)).toString('hex')}`) },
        timers: net.q,
        random,
        software: 'script',
        localPeerId: () => transport.localId,
        best: () => options.best ?? { height: 0, work: 0n },
      },
      owner,
    );
    peer.session.start();
    await net.until(() => peer.session.state !== 'handshake', 5_000, 'script handshake');
    return peer;
  }

  send(m: Message): void {
    this.session.send(m);
  }

  /** Whether the node closed the link (its reason arrives in a reject, or the link just closes). */
  get open(): boolean {
    return this.session.state === 'ready';
  }

  close(): void {
    this.session.close('stopping', 'script done');
  }
}

/**
 * n valid regtest headers (no blocks behind them) after parent, 30 s apart: what a spammer sends.
 * salt makes each chain distinct.
 */
export function headerChain(parent: { hash: Uint8Array; time: number }, n: number, salt: string, params: NetworkParams = REGTEST): BlockHeader[] {
  const target = targetFromBits(params.genesis.header.bits) as bigint;
  const out: BlockHeader[] = [];
  let prevHash = parent.hash;
  let time = parent.time;
  const root = sha256(utf8(`spam ${salt}`));
  for (let i = 0; i < n; i++) {
    time += 30;
    const header: BlockHeader = { version: 1, prevHash, merkleRoot: root, time, bits: params.genesis.header.bits, nonce: 0 };
    while (hashValue(headerHash(header)) > target) header.nonce++;
    out.push(header);
    prevHash = headerHash(header);
  }
  return out;
}
