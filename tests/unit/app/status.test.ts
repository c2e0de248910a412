import { describe, expect, it } from 'vitest';
import { headerStatus } from '../../../src/app/status';

describe('header status', () => {
  const base = { syncStatus: 'synced', peers: 0, signalingState: 'connected', browserOnline: true };
  it('never says synced without peers', () => {
    expect(headerStatus(base).word).toBe('alone');
    expect(headerStatus({ ...base, browserOnline: false }).word).toBe('offline');
    expect(headerStatus({ ...base, signalingState: 'reconnecting' }).word).toBe('reconnecting');
    expect(headerStatus({ ...base, signalingState: 'connecting' }).word).toBe('connecting');
    expect(headerStatus({ ...base, peers: 2 }).word).toBe('synced');
    expect(headerStatus({ ...base, peers: 2, syncStatus: 'syncing 3/9' }).word).toBe('syncing 3/9');
  });
});
