import { describe, expect, it } from 'vitest';
import { REGTEST } from '../../../src/core/protocol/networks';
import { makeNode, SimulatedNetwork } from './harness';

// The UI keys a peer row by PeerView.key: ids repeat while two links reach the same peer id.
describe('peer views', () => {
  it('give two links from the same peer id different keys, kept while the links live', async () => {
    const net = new SimulatedNetwork();
    const a = await makeNode(net, REGTEST);
    await net.until(() => a.transport !== null, 1_000, 'transport');
    const stranger = net.createTransport('stranger');
    void stranger.connect(a.transport!.localId);
    void stranger.connect(a.transport!.localId);
    await net.until(() => a.node.peerList().filter((p) => p.id === 'stranger').length === 2, 1_000, 'two links');
    const first = a.node.peerList().filter((p) => p.id === 'stranger');
    expect(new Set(first.map((p) => p.key)).size).toBe(2);
    await net.wait(100);
    const again = a.node.peerList().filter((p) => p.id === 'stranger');
    expect(again.map((p) => p.key)).toEqual(first.map((p) => p.key));
    a.node.stop();
  });
});
