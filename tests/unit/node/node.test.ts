import { describe, expect, it } from 'vitest';
import { SimpleCoinNode } from '../../../src/node/node';
import { MemoryNetwork } from '../../../src/net/memory-transport';
import type { SettingsStore } from '../../../src/storage/settings';
import { MemoryChainStore } from '../../../src/core/chain/store';
import { REGTEST } from '../../../src/core/protocol/networks';
import { ALICE, testClock } from '../core/helpers';

class MapSettings implements SettingsStore {
  readonly map = new Map<string, string>();
  get(k: string) {
    return this.map.get(k) ?? null;
  }
  set(k: string, v: string | null) {
    if (v === null) this.map.delete(k);
    else this.map.set(k, v);
  }
}

const noServer = (async () => new Response('', { status: 404 })) as typeof fetch;

function makeNode(net: MemoryNetwork, settings = new MapSettings()) {
  return new SimpleCoinNode({
    params: REGTEST,
    store: new MemoryChainStore(),
    now: testClock,
    pageUrl: new URL('http://127.0.0.1:8080/'),
    settings,
    fetchImpl: noServer,
    openTransport: async () => net.createTransport(),
  });
}

describe('SimpleCoinNode', () => {
  it('connects to the peers discovery lists, one link per peer, and forgets closed ones', async () => {
    const net = new MemoryNetwork();
    const a = makeNode(net);
    const b = makeNode(net);
    await a.startNetwork();
    await b.startNetwork();
    await new Promise((r) => setTimeout(r, 0));
    expect(a.peerList()).toEqual([{ id: b.transport!.localId, direction: 'inbound' }]);
    expect(b.peerList()).toEqual([{ id: a.transport!.localId, direction: 'outbound' }]);
    await a.discover(); // already linked: no second link
    await new Promise((r) => setTimeout(r, 0));
    expect(a.peerList()).toHaveLength(1);
    b.stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(a.peerList()).toEqual([]);
  });

  it('reports a signaling failure instead of throwing', async () => {
    const node = new SimpleCoinNode({
      params: REGTEST,
      store: new MemoryChainStore(),
      now: testClock,
      pageUrl: new URL('http://h/'),
      settings: new MapSettings(),
      fetchImpl: noServer,
      openTransport: async () => {
        throw new Error('server down');
      },
    });
    const states: string[] = [];
    node.events.on('signaling', (s) => states.push(`${s.state}:${s.detail ?? ''}`));
    await node.startNetwork();
    expect(states).toEqual(['connecting:0.peerjs.com (public PeerJS cloud)', 'failed:server down']);
  });

  it('mines regtest blocks, audits its store, and turns read-only when the store is full', async () => {
    const store = new MemoryChainStore();
    const node = new SimpleCoinNode({ params: REGTEST, store, now: testClock, pageUrl: new URL('http://h/'), settings: new MapSettings(), fetchImpl: noServer });
    await node.openChain();
    const tips: number[] = [];
    node.events.on('tip', (t) => tips.push(t.height));
    expect(await node.mineRegtestBlocks(3, ALICE.pub)).toBe(3);
    expect(tips).toEqual([1, 2, 3]);
    expect(await node.checkConsistency()).toMatchObject({ ok: true, height: 3 });
    const messages: string[] = [];
    node.events.on('storage', (s) => messages.push(s.message));
    store.write = async () => {
      const { StorageFullError } = await import('../../../src/storage/chain-db');
      throw new StorageFullError();
    };
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
    expect(node.readOnly).toBe(true);
    expect(messages[0]).toMatch(/no more storage space/);
    expect(node.chain.height).toBe(3);
    await expect(node.mineRegtestBlocks(1, ALICE.pub)).rejects.toThrow(/read-only/);
  });

  it('validates a signaling setting before saving it', () => {
    const settings = new MapSettings();
    const node = makeNode(new MemoryNetwork(), settings);
    expect(() => node.saveSignalSetting('not a host!')).toThrow(/not a signaling server/);
    node.saveSignalSetting('example.org:9000/peerjs');
    expect(settings.get('signal')).toBe('example.org:9000/peerjs');
    node.saveSignalSetting(null);
    expect(settings.get('signal')).toBeNull();
  });
});
