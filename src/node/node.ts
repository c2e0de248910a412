// The node: one chain, one mempool and one network presence. Built by a composition root
// (browser.ts for tabs, tests with in-memory parts); everything it uses is passed in.
import { Emitter } from '../core/util/emitter';
import { Chain } from '../core/chain/chain';
import type { ChainStore } from '../core/chain/store';
import { Mempool } from '../core/mempool/mempool';
import { checkConsistency, type ConsistencyReport } from '../core/chain/consistency';
import type { NetworkParams } from '../core/protocol/networks';
import { VerifyError } from '../core/protocol/verify-error';
import type { Block } from '../core/primitives/block';
import type { Tx } from '../core/primitives/tx';
import type { AcceptResult } from '../core/chain/chain';
import { chooseSignaling, parseSignalSpec, type SignalingChoice } from '../net/signaling';
import { PeerJsTransport } from '../net/peerjs-transport';
import type { Link, Transport } from '../net/transport';
import type { SettingsStore } from '../storage/settings';
import { StorageFullError } from '../storage/chain-db';
import { mineRegtestBlock } from './regtest-miner';

export const SIGNAL_SETTING = 'signal';
export const TARGET_OUTBOUND = 8;

/** Saves a signaling server for the next start (null clears it). Throws with a readable message if invalid. */
export function saveSignalSetting(settings: SettingsStore, pageUrl: URL, spec: string | null): void {
  if (spec !== null) parseSignalSpec(spec, pageUrl.protocol === 'https:');
  settings.set(SIGNAL_SETTING, spec);
}

export interface PeerInfo {
  id: string;
  direction: Link['direction'];
}

export interface TipInfo {
  height: number;
  hashHex: string;
  time: number;
}

export interface NodeEvents extends Record<string, unknown> {
  peers: PeerInfo[];
  signaling: { state: 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'failed'; detail?: string };
  tip: TipInfo;
  storage: { readOnly: boolean; message: string };
  rejected: { kind: 'block' | 'tx'; id: string; error: VerifyError };
}

export interface NodeOptions {
  params: NetworkParams;
  pageUrl: URL;
  settings: SettingsStore;
  fetchImpl: typeof fetch;
  /** The clock, in seconds. */
  now: () => number;
  store: ChainStore;
  /** Opens the transport; tests pass an in-memory one. */
  openTransport?: (choice: SignalingChoice) => Promise<Transport>;
}

export class SimpleCoinNode {
  readonly events = new Emitter<NodeEvents>((error) => console.error('node listener failed', error));
  readonly links = new Map<string, Link>();
  readonly params: NetworkParams;
  chain!: Chain;
  mempool!: Mempool;
  transport: Transport | null = null;
  signaling: SignalingChoice | null = null;
  readOnly = false;

  constructor(private readonly options: NodeOptions) {
    this.params = options.params;
  }

  /** Opens the chain from storage: tip, header index and state, without replaying blocks. */
  async openChain(): Promise<void> {
    this.chain = await Chain.open(this.params, this.options.store, { now: this.options.now });
    this.mempool = new Mempool(this.chain, { now: this.options.now });
    this.chain.events.on('tip', (entry) => this.events.emit('tip', { height: entry.height, hashHex: entry.hashHex, time: entry.header.time }));
    this.chain.events.on('invalid', ({ hashHex, error }) => this.events.emit('rejected', { kind: 'block', id: hashHex, error }));
  }

  tipInfo(): TipInfo {
    const tip = this.chain.tip;
    return { height: tip.height, hashHex: tip.hashHex, time: tip.header.time };
  }

  /** Accepts a block from a peer or our miner. VerifyErrors propagate; a full disk makes us read-only. */
  async submitBlock(block: Uint8Array | Block): Promise<AcceptResult> {
    if (this.readOnly) throw new StorageFullError();
    try {
      return await this.chain.submitBlock(block);
    } catch (error) {
      if (error instanceof StorageFullError) this.enterReadOnly(error.message);
      throw error;
    }
  }

  submitTx(tx: Tx): void {
    this.mempool.add(tx);
  }

  /** Mines blocks on the main thread: only for regtest, where a block takes a couple of hashes. */
  async mineRegtestBlocks(count: number, recipient: Uint8Array): Promise<number> {
    let mined = 0;
    for (let i = 0; i < count; i++) {
      const block = mineRegtestBlock(this.chain, this.mempool, recipient, this.options.now());
      await this.submitBlock(block);
      mined++;
    }
    return mined;
  }

  checkConsistency(): Promise<ConsistencyReport> {
    return checkConsistency(this.params, this.options.store, this.options.now);
  }

  enterReadOnly(message: string): void {
    if (this.readOnly) return;
    this.readOnly = true;
    this.events.emit('storage', { readOnly: true, message });
  }

  async startNetwork(): Promise<void> {
    const { pageUrl, settings, fetchImpl } = this.options;
    this.signaling = await chooseSignaling({ pageUrl, savedSpec: settings.get(SIGNAL_SETTING), fetchImpl });
    this.events.emit('signaling', { state: 'connecting', detail: this.signaling.config.label });
    const open = this.options.openTransport ?? ((choice) => PeerJsTransport.open({ signaling: choice.config, fetchImpl }));
    try {
      this.transport = await open(this.signaling);
    } catch (error) {
      this.events.emit('signaling', { state: 'failed', detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.events.emit('signaling', { state: 'connected', detail: this.signaling.config.label });
    this.transport.on('signaling', (s) => this.events.emit('signaling', s));
    this.transport.on('link', (link) => this.adopt(link));
    await this.discover();
  }

  /** Connects to peers the signaling server lists, up to the outbound target. */
  async discover(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    let ids: string[];
    try {
      ids = await transport.listPeers();
    } catch {
      return; // The signaling server is unreachable; links we have keep working.
    }
    const wanted = ids.filter((id) => !this.links.has(id)).slice(0, Math.max(0, TARGET_OUTBOUND - this.links.size));
    await Promise.all(
      wanted.map(async (id) => {
        try {
          this.adopt(await transport.connect(id));
        } catch {
          // Unreachable or gone; discovery runs again later.
        }
      }),
    );
  }

  saveSignalSetting(spec: string | null): void {
    saveSignalSetting(this.options.settings, this.options.pageUrl, spec);
  }

  stop(): void {
    for (const link of this.links.values()) link.close('node stopping');
    this.transport?.close();
    this.transport = null;
  }

  peerList(): PeerInfo[] {
    return [...this.links.values()].map((l) => ({ id: l.remoteId, direction: l.direction }));
  }

  private adopt(link: Link): void {
    const existing = this.links.get(link.remoteId);
    if (existing?.open) {
      // Both sides dialled at once: keep one link per peer.
      link.close('duplicate link');
      return;
    }
    this.links.set(link.remoteId, link);
    link.on('close', () => {
      if (this.links.get(link.remoteId) === link) this.links.delete(link.remoteId);
      this.events.emit('peers', this.peerList());
    });
    this.events.emit('peers', this.peerList());
  }
}
