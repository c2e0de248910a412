// Scenario 3 of the attack lab, tampered history: take an old block of the chain, change what it
// says (the coinbase pays the attacker more), and send it to every peer as a block message on the
// real p2p code. Changing a transaction changes the merkle root; writing the new root into the
// header changes the block's hash, and the proof of work no longer holds (redoing it for one block
// is the work of the whole chain since). So every honest peer refuses it (rule bad-pow), scores
// the sender at the ban threshold, closes the link and shuns it.
//
// It is sent from a throwaway identity (lab/throwaway.ts), so the tab's own node keeps its peers
// and hears their verdicts (lab/verdicts.ts).
import type { NetworkParams } from '../core/protocol/networks';
import { computeMerkleRoot, encodeBlock, type Block } from '../core/primitives/block';
import { hashValue, headerHash } from '../core/primitives/header';
import { targetFromBits } from '../core/pow/compact';
import { TX_KIND_COINBASE } from '../core/primitives/tx';
import { COIN } from '../core/protocol/consensus';
import { toHex } from '../core/encoding/bytes';
import { PeerSession, type SessionOwner } from '../node/p2p/peer';
import { throwawayContext, type ThrowawayDeps } from './throwaway';
import { LabTool } from './lab-tool';

/** What the tampered copy claims beyond the original: the coinbase pays this much more. */
export const TAMPER_EXTRA = 1_000n * COIN;

export interface TamperTarget {
  peerId: string;
  nodeKey: string;
  /** The handshake with it completed and the block went out. */
  sent: boolean;
  /** Why the link ended (the victim closes it without a word), and how long after the block. */
  closed: string | null;
  closedAfterMs: number | null;
}

export interface TamperRun {
  height: number;
  originalHash: string;
  tamperedHash: string;
  targets: TamperTarget[];
}

/**
 * The block with its coinbase paying TAMPER_EXTRA more (a base unit more again in the rare case
 * the changed hash still met the target: the lab shows the proof of work failing), and the merkle
 * root made to match.
 */
export function tamperBlock(block: Block): Block {
  const [coinbase, ...rest] = block.txs;
  if (!coinbase || coinbase.kind !== TX_KIND_COINBASE) throw new Error('a block starts with its coinbase');
  const target = targetFromBits(block.header.bits);
  if (target === null) throw new RangeError('a block from the chain has bits that encode a target');
  for (let extra = TAMPER_EXTRA; ; extra++) {
    const txs = [{ ...coinbase, amount: coinbase.amount + extra }, ...rest];
    const header = { ...block.header, merkleRoot: computeMerkleRoot(txs) };
    if (hashValue(headerHash(header)) > target) return { header, txs };
  }
}

export type TamperDeps = ThrowawayDeps;

/** How long to wait for each peer's handshake, and then for it to close on us. */
const HANDSHAKE_WAIT_MS = 10_000;
const VERDICT_WAIT_MS = 10_000;

export class TamperedHistoryAttack extends LabTool {
  constructor(
    params: NetworkParams,
    private readonly deps: TamperDeps,
  ) {
    super(params, 'Tampered history');
  }

  /** Tampers the block at height and sends it to each of the node's ready peers; resolves when each has answered or timed out. */
  async run(height: number, onChange: (run: TamperRun) => void = () => {}): Promise<TamperRun> {
    const { node, timers } = this.deps;
    const entry = height >= 1 && height <= node.chain.height ? node.chain.entryAt(height) : undefined;
    if (!entry || height < 1) throw new RangeError(`pick a block from 1 to ${node.chain.height}: the genesis block is fixed by definition`);
    const tampered = tamperBlock(await node.chain.loadBlock(entry));
    const bytes = encodeBlock(tampered);
    const peers = node.peerList().filter((p) => p.state === 'ready');
    const run: TamperRun = {
      height,
      originalHash: entry.hashHex,
      tamperedHash: toHex(headerHash(tampered.header)),
      targets: peers.map((p) => ({ peerId: p.id, nodeKey: p.nodeKey, sent: false, closed: null, closedAfterMs: null })),
    };
    if (peers.length === 0) return run;
    const transport = await this.deps.openTransport();
    const ctx = throwawayContext(this.params, this.deps, transport);
    try {
      await Promise.all(
        run.targets.map(async (target) => {
          const link = await transport.connect(target.peerId, HANDSHAKE_WAIT_MS).catch(() => null);
          if (!link) return;
          await new Promise<void>((done) => {
            let sentAt = 0;
            const give = timers.setTimeout(() => {
              session.close('dead', 'lab: no answer');
              done();
            }, HANDSHAKE_WAIT_MS + VERDICT_WAIT_MS);
            const owner: SessionOwner = {
              onReady: (s) => {
                sentAt = timers.now();
                target.sent = true;
                s.send({ type: 'block', bytes });
                onChange(run);
              },
              onMessage: () => {},
              onClose: (_s, reason) => {
                timers.clearTimeout(give);
                target.closed = reason;
                target.closedAfterMs = target.sent ? Math.round(timers.now() - sentAt) : null;
                onChange(run);
                done();
              },
              onOutdated: () => {},
            };
            const session = new PeerSession(link, ctx, owner);
            session.start();
          });
        }),
      );
    } finally {
      transport.close();
    }
    return run;
  }
}
