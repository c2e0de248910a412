import { mount } from 'svelte';
import './ui/global.css';
import App from './ui/App.svelte';
import { SimpleCoinNode } from './node/node';
import { LocalSettingsStore } from './storage/settings';
import { NetworkState } from './app/network-state.svelte';
import { bindNode } from './app/adapter';
import { AppActions } from './app/actions';

const pageUrl = new URL(window.location.href);
const node = new SimpleCoinNode({ pageUrl, settings: new LocalSettingsStore(window.localStorage), fetchImpl: window.fetch.bind(window) });
const network = new NetworkState();
network.networkName = pageUrl.searchParams.get('net') ?? 'main';
bindNode(node, network);

// An automation handle for e2e tests and the curious: the node of this tab (see README).
(window as unknown as { simplecoin: unknown }).simplecoin = { node };

// A killed tab never tells its peers; destroying the Peer on pagehide at least tells them on a close.
window.addEventListener('pagehide', () => node.stop());

mount(App, { target: document.getElementById('app') as HTMLElement, props: { actions: new AppActions(node), network } });
void node.start();
