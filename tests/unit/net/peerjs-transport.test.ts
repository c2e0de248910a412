import { describe, expect, it } from 'vitest';
import { isAcceptableConnection } from '../../../src/net/peerjs-transport';

describe('isAcceptableConnection', () => {
  it('accepts only raw serialization over a reliable channel', () => {
    expect(isAcceptableConnection({ serialization: 'raw', reliable: true })).toBe(true);
    for (const serialization of ['binary', 'binary-utf8', 'json', 'default', 'unknown']) {
      expect(isAcceptableConnection({ serialization, reliable: true })).toBe(false);
    }
    expect(isAcceptableConnection({ serialization: 'raw', reliable: false })).toBe(false);
  });
});
