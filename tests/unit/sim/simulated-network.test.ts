// The simulated network the node tests wait on: conditions in simulated time, a timeout that says
// what it waited for, timers run by waiting, and one runner of the queue at a time.
import { describe, expect, it } from 'vitest';
import { SimulatedNetwork } from '../../../sim/simulated-network';

describe('simulated network', () => {
  it('stops at the first moment a condition holds, and leaves the clock there', async () => {
    const net = new SimulatedNetwork();
    let fired = 0;
    for (const at of [100, 200, 300]) net.q.setTimeout(() => fired++, at);
    await net.until(() => fired === 2, 1_000, 'two timers');
    expect(net.q.now()).toBe(200);
    expect(fired).toBe(2);
  });

  it('fails after the bound of simulated time, naming what it waited for', async () => {
    const net = new SimulatedNetwork();
    net.q.setTimeout(() => undefined, 50);
    await expect(net.until(() => false, 500, 'a block')).rejects.toThrow(/a block: not true after 500 ms of simulated time/);
    expect(net.q.now()).toBe(500);
  });

  it('runs every timer due within a wait, and none after it', async () => {
    const net = new SimulatedNetwork();
    const seen: number[] = [];
    for (const at of [10, 999, 1_000, 1_001]) net.q.setTimeout(() => seen.push(at), at);
    await net.wait(1_000);
    expect(seen).toEqual([10, 999, 1_000]);
  });

  it('delivers a dial on the queue, and settle returns what the promise resolves to', async () => {
    const net = new SimulatedNetwork({ latencyMs: () => 40 });
    net.createTransport('b');
    const link = await net.settle(net.createTransport('a').connect('b'), 1_000, 'the dial');
    expect(link.remoteId).toBe('b');
    expect(net.q.now()).toBe(40);
  });

  it('refuses a second runner while the queue runs', async () => {
    const net = new SimulatedNetwork();
    net.q.setTimeout(() => undefined, 10);
    const first = net.wait(100);
    await expect(net.wait(100)).rejects.toThrow(/already running/);
    await first;
  });
});
