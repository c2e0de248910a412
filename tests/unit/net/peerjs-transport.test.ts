import { describe, expect, it } from 'vitest';
import { isAcceptableConnection } from '../../../src/net/peerjs-transport';
import { RECONNECT_MAX_DELAY_MS, reconnectDelayMs } from '../../../src/net/transport';

describe('isAcceptableConnection', () => {
  it('accepts only raw serialization over a reliable channel', () => {
    expect(isAcceptableConnection({ serialization: 'raw', reliable: true })).toBe(true);
    for (const serialization of ['binary', 'binary-utf8', 'json', 'default', 'unknown']) {
      expect(isAcceptableConnection({ serialization, reliable: true })).toBe(false);
    }
    expect(isAcceptableConnection({ serialization: 'raw', reliable: false })).toBe(false);
  });
});

describe('reconnectDelayMs', () => {
  it('backs off 1, 2, 4 s, then retries every 5 s, so a returning network is used well within 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);
    expect(reconnectDelayMs(0)).toBe(1_000);
    expect(RECONNECT_MAX_DELAY_MS).toBe(5_000);
  });
});
