// The composition root: builds a node from its parts. Nothing else constructs transports or stores.
import { Emitter } from '../core/util/emitter';
import { chooseSignaling, parseSignalSpec, type SignalingChoice } from '../net/signaling';
import { PeerJsTransport } from '../net/peerjs-transport';
import type { Link, Transport } from '../net/transport';
import type { SettingsStore } from '../storage/settings';

export const SIGNAL_SETTING = 'signal';
export const TARGET_OUTBOUND = 8;

export interface PeerInfo {
  id: string;
  direction: Link['direction'];
}

export interface NodeEvents extends Record<string, unknown> {
  peers: PeerInfo[];
  signaling: { state: 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'failed'; detail?: string };
}

export interface NodeOptions {
  pageUrl: URL;
  settings: SettingsStore;
  fetchImpl: typeof fetch;
  /** Opens the transport; tests pass an in-memory one. */
  openTransport?: (choice: SignalingChoice) => Promise<Transport>;
}

export class SimpleCoinNode {
  readonly events = new Emitter<NodeEvents>((error) => console.error('node listener failed', error));
  readonly links = new Map<string, Link>();
  transport: Transport | null = null;
  signaling: SignalingChoice | null = null;

  constructor(private readonly options: NodeOptions) {}

  async start(): Promise<void> {
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

  /** Saves a signaling server for the next start (null clears it). Throws with a readable message if invalid. */
  saveSignalSetting(spec: string | null): void {
    if (spec !== null) parseSignalSpec(spec, this.options.pageUrl.protocol === 'https:');
    this.options.settings.set(SIGNAL_SETTING, spec);
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
