// The tab's automation interface, window.simplecoin: what end-to-end tests, benchmarks and the
// curious in DevTools may use to drive a running node. It is built from the real node, never a fake,
// and installed by main.ts once the node has opened its chain. tests/e2e/automation.d.ts types it
// on `window` for page.evaluate callbacks, so a change here that breaks a test fails `tsc`.
import { fromHex } from '../core/encoding/bytes';
import type { AcceptResult } from '../core/chain/block-intake';
import type { BrowserNode } from '../node/browser';
import type { SimpleCoinNode } from '../node/node';
import type { PeerPool } from '../node/p2p/pool';
import { measureVerifyRate } from '../node/verify-rate';

export interface SimpleCoinAutomation {
  /** The running node, with its real types: chain, mempool, events, the p2p pool once it runs. */
  readonly node: SimpleCoinNode;
  /** The node's peer pool; throws until the network has started (tests' openPeer waits for it). */
  pool(): PeerPool;
  /** This tab's storage slot (which Web Lock and database it holds). */
  readonly slot: BrowserNode['slot'];
  /** The tab's wallet and miner, created on first use as the UI creates them. */
  wallet: BrowserNode['wallet'];
  mining: BrowserNode['mining'];
  /** A second PeerJS transport on the node's signaling server (the transport tests' raw links). */
  openTransport: BrowserNode['openTransport'];
  /**
   * Hex forms of the node's entry points: page.evaluate carries strings across, not Uint8Arrays.
   * Each takes the same path as bytes from a peer or the UI (no shortcut around validation).
   */
  submitBlockHex(hex: string): Promise<AcceptResult>;
  submitTxHex(hex: string): string;
  mineRegtestBlocks(count: number, recipientHex: string): Promise<number>;
  /** Signature verifications per second in the page's thread over about ms (bench/verify.bench.ts). */
  benchVerify(ms: number): number;
}

/** What the interface is built from: the browser node's parts (main.ts passes the whole BrowserNode). */
export type AutomatedNode = Pick<BrowserNode, 'node' | 'slot' | 'params' | 'wallet' | 'mining' | 'openTransport'>;

export function createAutomation(browserNode: AutomatedNode): SimpleCoinAutomation {
  const { node, slot, params } = browserNode;
  return {
    node,
    slot,
    pool: () => {
      if (!node.p2p) throw new Error('the node has not started its network yet');
      return node.p2p.pool;
    },
    wallet: () => browserNode.wallet(),
    mining: () => browserNode.mining(),
    openTransport: (id) => browserNode.openTransport(id),
    submitBlockHex: (hex) => node.submitBlock(fromHex(hex)),
    submitTxHex: (hex) => node.submitRawTx(fromHex(hex)),
    mineRegtestBlocks: (count, recipientHex) => node.mineRegtestBlocks(count, fromHex(recipientHex)),
    benchVerify: (ms) => measureVerifyRate(params, ms),
  };
}

/** The one global the page defines for automation; nothing in the app reads it. */
export function installAutomation(target: Window, automation: SimpleCoinAutomation): void {
  Object.assign(target, { simplecoin: automation });
}
