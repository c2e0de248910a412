// The composition root for a browser tab: network from ?net=, a node slot (Web Lock), the slot's
// IndexedDB chain, persistence, and the node. Everything else is built from what this returns.
import { networkByName, type NetworkParams } from '../core/protocol/networks';
import { IdbChainStore } from '../storage/chain-db';
import { acquireSlot, type Slot } from '../storage/slots';
import { ChainHeightMarker, requestPersistence, storageReport, type StorageReport } from '../storage/stewardship';
import { LocalSettingsStore } from '../storage/settings';
import { SimpleCoinNode } from './node';
import { pageSignaling } from './signal-setting';
import { MiningController } from './mining';
import { MinerPool } from '../workers/miner-pool';
import type { VerifyPool } from '../workers/verify-pool';
import type { SignatureVerifier } from './sig-prefetch';
import { raiseUncaught } from '../core/util/fault';
import { Keystore } from '../storage/keystore';
import { Wallet } from './wallet';

/** Where the chosen number of mining workers is remembered. */
export const WORKERS_SETTING = 'simplecoin.miner.workers';
import type { PeerJsTransport, PeerJsTransportOptions } from '../net/peerjs-transport';
import type { NetworkConditions } from '../net/conditions';
import type { Transport } from '../net/transport';
import { utils as secpUtils } from '@noble/secp256k1';
import { cryptoRandom, realTimers } from './runtime';

// PeerJS and the WebRTC shims it carries are a fifth of the page's JavaScript and nothing is drawn
// with them: they load after the first paint, when the node first opens the network.
const peerJs = () => import('../net/peerjs-transport').then((m) => m.PeerJsTransport);
const openPeerJs = async (options: PeerJsTransportOptions) => (await peerJs()).open(options);

export interface BrowserNode {
  node: SimpleCoinNode;
  slot: Slot;
  store: IdbChainStore;
  params: NetworkParams;
  /** Set when the chain database came back empty although this slot had a chain. */
  wipedHeight: number | null;
  storage(): Promise<StorageReport>;
  /** Deletes this slot's chain database (never the wallet) and reloads. */
  resetChain(): Promise<void>;
  /** The miner, created with its workers on first use. */
  mining(): Promise<MiningController>;
  /** This network's wallet (the key store is shared by all of the origin's tabs). */
  wallet(): Promise<Wallet>;
  /** On a lab network, the conditions every transport of this node goes through; elsewhere null. */
  conditions: NetworkConditions | null;
  /** Opens an extra raw transport on this node's signaling server (tests, diagnostics). */
  openTransport(id?: string): Promise<PeerJsTransport>;
}

export interface BrowserNodeHooks {
  onVersionChange(): void;
  onBlocked(): void;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The release, from package.json at build time (vite.config.ts). */
export const APP_VERSION = __APP_VERSION__;

/** The slot's node key, made once and kept with its chain: the node's identity to peers. */
async function nodeSecret(store: IdbChainStore): Promise<Uint8Array> {
  const saved = await store.getSetting<Uint8Array>('nodeSecret');
  if (saved instanceof Uint8Array && saved.length === 32) return saved;
  const secret = secpUtils.randomSecretKey();
  await store.setSetting('nodeSecret', secret);
  return secret;
}

/**
 * The signature verification pool (workers/verify-pool.ts), loaded after the first block that
 * needs it: until it has loaded, blocks verify inline, as a verifier may always leave them to.
 */
function lazyVerifyPool(): SignatureVerifier {
  let pool: VerifyPool | null = null;
  let loading = false;
  return {
    verify(checks) {
      if (pool) return pool.verify(checks);
      if (!loading && checks.length > 0) {
        loading = true;
        void import('../workers/verify-pool').then((m) => (pool = m.VerifyPool.inBrowser()), raiseUncaught);
      }
      return null;
    },
  };
}

export async function startBrowserNode(pageUrl: URL, hooks: BrowserNodeHooks): Promise<BrowserNode> {
  const params = networkByName(pageUrl.searchParams.get('net'));
  const slot = await acquireSlot(navigator.locks, params.name);
  const store = await IdbChainStore.open(slot.dbName, { onVersionChange: hooks.onVersionChange, onBlocked: hooks.onBlocked });
  const marker = new ChainHeightMarker(localStorage, `simplecoin.height.${params.name}.${slot.index}`);
  const fetchImpl = window.fetch.bind(window);
  // A lab network's links go through its network conditions (isolation, latency, loss, split);
  // the node's code is the same everywhere and never knows.
  const conditions: NetworkConditions | null = params.lab ? new (await import('../net/conditions')).NetworkConditions(params, realTimers, Math.random) : null;
  const labWrap = (t: Transport): Transport => (conditions ? conditions.wrap(t) : t);
  const node = await SimpleCoinNode.open({
    params,
    chooseSignaling: pageSignaling(pageUrl, new LocalSettingsStore(localStorage), fetchImpl),
    now: nowSeconds,
    store,
    timers: realTimers,
    random: cryptoRandom,
    nodeSecret: await nodeSecret(store),
    software: `SimpleCoin/${APP_VERSION}`,
    openTransport: async (choice) => labWrap(await openPeerJs({ signaling: choice.config, fetchImpl })),
    claimRendezvous: async (choice, id) => {
      const claimed = await (await peerJs()).claim({ signaling: choice.config, id, fetchImpl });
      return claimed && labWrap(claimed);
    },
    knownPeers: {
      load: async () => (await store.knownPeers()).map((p) => ({ id: p.id, source: p.source ?? 'stored', tried: p.tried ?? false, failures: p.failures, lastSuccess: 0 })),
      remember: (r) => void store.rememberPeer({ id: r.id, lastSeen: Date.now(), failures: r.failures, source: r.source, tried: r.tried }).catch(() => undefined),
      forget: (id) => void store.forgetPeer(id).catch(() => undefined),
    },
    anchors: {
      load: async () => ((await store.getMeta<string[]>('anchors')) ?? []).filter((id) => typeof id === 'string'),
      save: (ids) => void store.setMeta('anchors', ids).catch(() => undefined),
    },
    signatureVerifier: lazyVerifyPool(),
  });
  const remembered = marker.read();
  const wipedHeight = node.chain.height === 0 && remembered > 0 ? remembered : null;
  marker.write(node.chain.height);
  node.events.on('tip', (tip) => marker.write(tip.height));
  const persisted = requestPersistence(navigator.storage);
  let mining: Promise<MiningController> | null = null;
  const createMining = async () => {
    let controller: MiningController | null = null;
    const pool = await MinerPool.create(
      {
        found: (jobId, nonce) => void controller?.onFound(jobId, nonce),
        exhausted: (jobId) => controller?.onExhausted(jobId),
        stats: (workers, best) => controller?.onStats(workers, best),
      },
      Number(localStorage.getItem(WORKERS_SETTING)) || Math.max(1, (navigator.hardwareConcurrency || 2) - 1),
    );
    controller = new MiningController(node, pool, null);
    window.addEventListener('pagehide', () => pool.terminate());
    return controller;
  };
  let wallet: Promise<Wallet> | null = null;
  return {
    conditions,
    wallet: () =>
      (wallet ??= (async () => {
        const w = new Wallet(node, await Keystore.open());
        await w.load();
        return w;
      })()),
    mining: () => (mining ??= createMining()),
    openTransport: async (id) => {
      if (!node.signaling) throw new Error('the node has not chosen a signaling server yet');
      return openPeerJs({ signaling: node.signaling.config, fetchImpl, ...(id ? { id } : {}) });
    },
    node,
    slot,
    store,
    params,
    wipedHeight,
    storage: async () => storageReport(navigator.storage, await persisted),
    resetChain: async () => {
      node.stop();
      store.close();
      await IdbChainStore.delete(slot.dbName);
      marker.write(0);
      window.location.reload();
    },
  };
}
