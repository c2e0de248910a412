// The single adapter from node events to UI state.
import type { BrowserNode } from '../node/browser';
import type { NetworkState } from './network-state.svelte';
import type { ChainState } from './chain-state.svelte';
import type { StorageState } from './storage-state.svelte';
import type { LearnState } from './learn-state.svelte';
import { t } from './i18n/i18n';
import { errorText } from './i18n/errors';
import { SyncMeter } from './sync-meter';
import { RefusalLog } from '../node/refusal-log';

/** The learn view's reject log keeps this many refusals. */
const REJECT_LOG = 50;

const SOURCE_LABEL = {
  query: 'from the ?signal= link',
  saved: 'your saved setting',
  'same-origin': 'it answers at this site',
  'public-cloud': 'the public PeerJS cloud',
  memory: 'an in-memory network in this page',
} as const;

export interface AppStates {
  network: NetworkState;
  chain: ChainState;
  storage: StorageState;
  learn: LearnState;
}

export function bindNode(browserNode: BrowserNode, states: AppStates): () => void {
  const { node } = browserNode;
  const { network, chain, storage, learn } = states;
  let disconnected = 0;
  const syncMeter = new SyncMeter();
  const refusals = new RefusalLog(REJECT_LOG);
  chain.networkName = browserNode.params.name;
  chain.lab = browserNode.params.lab;
  network.networkName = browserNode.params.name;
  storage.slot = browserNode.slot.index;
  const showTip = () => {
    const tip = node.tipInfo();
    chain.height = tip.height;
    chain.tipHex = tip.hashHex;
    chain.tipTime = tip.time;
  };
  showTip();
  chain.ready = true;
  chain.syncStatus = 'synced';
  if (browserNode.wipedHeight !== null) {
    storage.message = t('main.wiped', { height: browserNode.wipedHeight });
  }
  const refreshStorage = async () => {
    const report = await browserNode.storage();
    storage.persisted = report.persisted;
    storage.usage = report.usage;
    storage.quota = report.quota;
  };
  void refreshStorage();
  const timer = setInterval(() => void refreshStorage(), 30_000);
  const offs = [
    node.events.on('tip', () => {
      showTip();
      learn.tipVersion++;
      if (disconnected > 0) learn.lastReorg = { depth: disconnected, at: Date.now() };
      disconnected = 0;
    }),
    node.chain.events.on('disconnect', () => disconnected++),
    node.events.on('rejected', ({ kind, id, error }) => {
      learn.rejected = refusals.add(kind, id, error, Date.now());
    }),
    node.events.on('storage', (s) => {
      storage.readOnly = s.readOnly;
      storage.message = errorText(s.code);
      chain.syncStatus = 'read-only';
    }),
    node.events.on('peers', ({ peers, closed }) => {
      network.peers = peers.filter((p) => p.state === 'ready');
      network.closed = closed.slice(0, 10);
    }),
    node.events.on('sync', (p) => {
      const view = syncMeter.update(p, Date.now());
      network.syncView = view;
      if (!storage.readOnly) chain.syncStatus = view.syncing ? `syncing ${p.height}/${p.bestHeaderHeight}` : 'synced';
    }),
    node.events.on('outdated', () => {
      network.outdated = true;
      storage.message = t('main.newerProtocol');
    }),
    node.events.on('signaling', (s) => {
      network.signalingState = s.state;
      network.signalingDetail = s.detail ?? '';
      network.reconnectAttempt = s.attempt ?? 0;
      network.reconnectAt = s.nextInMs === undefined ? 0 : Date.now() + s.nextInMs;
      if (node.signaling) {
        network.signalingLabel = node.signaling.config.label;
        network.signalingSource = SOURCE_LABEL[node.signaling.source];
      }
      if (node.transport) network.peerId = node.transport.localId;
    }),
  ];
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}
