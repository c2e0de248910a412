import { mount } from 'svelte';
import './ui/global.css';
import App from './ui/App.svelte';
import { startBrowserNode } from './node/browser';
import { saveSignalSetting } from './node/signal-setting';
import { LocalSettingsStore } from './storage/settings';
import { NetworkState } from './app/network-state.svelte';
import { ChainState } from './app/chain-state.svelte';
import { StorageState } from './app/storage-state.svelte';
import { bindNode } from './app/adapter';
import { AppActions } from './app/actions';
import { MiningState } from './app/mining-state.svelte';
import { MiningActions } from './app/mining-actions';
import { RouteState } from './app/route.svelte';
import { Controls } from './app/controls.svelte';
import { WalletState } from './app/wallet-state.svelte';
import { WalletActions } from './app/wallet-actions';
import { LearnState } from './app/learn-state.svelte';
import { Explorer } from './node/explorer';
import { UpdateState } from './app/update-state.svelte';
import { PwaControls } from './app/pwa';
import { ClassState } from './app/class-state.svelte';
import { ClassActions } from './app/class-actions';
import { initialLocale, loadMessages, setLocale, t } from './app/i18n/i18n';
import { describeError } from './app/i18n/errors';
import { LabState } from './app/lab-state.svelte';
import { memberName } from './app/peer-names';
import { createAutomation, installAutomation } from './app/automation';

// The page entry: state first, so the UI shows progress while the node opens its chain.
const pageUrl = new URL(window.location.href);
const states = { network: new NetworkState(), chain: new ChainState(), storage: new StorageState(), mining: new MiningState(), wallet: new WalletState(), learn: new LearnState(), classroom: new ClassState(), lab: new LabState() };
const route = new RouteState(window.location.hash);
window.addEventListener('hashchange', () => route.set(window.location.hash));
const controls = new Controls();
const update = new UpdateState();
update.buildId = __BUILD_ID__;
update.version = __APP_VERSION__;
const settings = new LocalSettingsStore(window.localStorage);
const actions = new AppActions(states.storage, (spec) => saveSignalSetting(settings, pageUrl, spec));
// The language first (saved choice, else the browser's), so the first paint is already in it.
void setLocale(initialLocale(window.localStorage, navigator.languages), window.localStorage)
  .catch(() => setLocale('en'))
  .finally(() => mount(App, { target: document.getElementById('app') as HTMLElement, props: { actions, ...states, route, controls, update } }));

const hooks = {
  onVersionChange: () => {
    states.storage.message = t('main.newerTab');
    states.chain.syncStatus = 'paused';
  },
  onBlocked: () => {
    states.storage.message = t('main.upgrading');
  },
};

startBrowserNode(pageUrl, hooks)
  .then((browserNode) => {
    actions.attach(browserNode);
    controls.mining = new MiningActions(browserNode, states.mining);
    controls.explorer = new Explorer(browserNode.node);
    // The lessons' lab (verdicts, lesson network, worker search) loads after start, outside the initial bundle.
    void import('./app/learn-lab').then((m) => (controls.learn = new m.LearnLab(browserNode)));
    // Updates wait for the chain's pending writes (Chain.serial runs them one at a time).
    controls.pwa = new PwaControls(update, () => browserNode.node.chain.serial(async () => undefined));
    // Offline start or a dropped network: the node retries with backoff; the browser coming back
    // online is the moment to retry at once.
    window.addEventListener('online', () => browserNode.node.retryNetwork());
    const classActions = new ClassActions(browserNode, states.classroom, states.mining, states.wallet);
    classActions.init();
    controls.classroom = classActions;
    // Mining pays the wallet unless the user chose another address; classmates learn it at once.
    const walletActions = new WalletActions(browserNode, states.wallet, (address) => {
      if (!states.mining.recipient) states.mining.recipient = address;
      classActions.announce();
    });
    void walletActions.init().then(() => (controls.wallet = walletActions));
    bindNode(browserNode, states);
    // The attack lab exists only on a lab network, where the node's transports are conditioned.
    const conditions = browserNode.conditions;
    if (conditions) {
      const name = (key: string) => memberName(key, browserNode.node.nodeKeyHex, states.network.peers);
      // Its actions speak the lab's messages, which load with them, outside the initial bundle.
      void Promise.all([import('./app/lab-actions'), loadMessages('lab')]).then(([m]) => (controls.lab = new m.LabActions(browserNode, conditions, states.lab, name)));
      // The session is recorded from the start, for the Lab view to export (app/lab-session.ts).
      void import('./app/lab-session').then((m) => (controls.labRecorder = m.startRecording(browserNode)));
    }
    // Cold-start benchmark point: chain open, height and balances on screen (bench/coldstart).
    performance.mark('simplecoin-node-ready', { detail: { height: browserNode.node.chain.height } });
    // The typed automation interface for e2e tests, benchmarks and DevTools (app/automation.ts).
    installAutomation(window, createAutomation(browserNode));
    // A killed tab never tells its peers; destroying the Peer on pagehide tells them on a close.
    window.addEventListener('pagehide', () => browserNode.node.stop());
    void browserNode.node.startNetwork();
  })
  .catch((error: unknown) => {
    states.chain.error = t('main.startFailed', { error: describeError(error) });
    states.chain.syncStatus = 'stopped';
  });
