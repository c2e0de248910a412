import { describe, expect, it } from 'vitest';
import { dtlsBinding, sdpFingerprint } from '../../../src/net/channel-binding';
import { toHex } from '../../../src/core/encoding/bytes';

const fp = (b: string) => Array.from({ length: 32 }, () => b).join(':');
const sdp = (...fingerprints: string[]) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', ...fingerprints.map((f) => `a=fingerprint:${f}`), 'a=setup:actpass', 'a=sctp-port:5000', ''].join('\r\n');

describe('DTLS channel binding from the SDP', () => {
  it('reads the one SHA-256 certificate fingerprint, in any case', () => {
    expect(toHex(sdpFingerprint(sdp(`sha-256 ${fp('AB')}`))!)).toBe('ab'.repeat(32));
    expect(toHex(sdpFingerprint(sdp(`sha-256 ${fp('cd')}`, `sha-256 ${fp('CD')}`))!)).toBe('cd'.repeat(32));
  });

  it('refuses a description without one, with other hashes only, or with two certificates', () => {
    expect(sdpFingerprint(sdp())).toBeNull();
    expect(sdpFingerprint(sdp(`sha-1 ${Array.from({ length: 20 }, () => 'AB').join(':')}`))).toBeNull();
    expect(sdpFingerprint(sdp(`sha-256 ${fp('AB')}`, `sha-256 ${fp('AC')}`))).toBeNull();
    expect(sdpFingerprint(sdp(`sha-256 ${fp('AB').slice(3)}`))).toBeNull();
  });

  it('binds a connection only once both descriptions are set: ours first, then theirs', () => {
    const local = { sdp: sdp(`sha-256 ${fp('01')}`), type: 'offer' } as RTCSessionDescription;
    const remote = { sdp: sdp(`sha-256 ${fp('02')}`), type: 'answer' } as RTCSessionDescription;
    expect(dtlsBinding({ localDescription: local, remoteDescription: null })).toBeNull();
    expect(dtlsBinding(undefined)).toBeNull();
    const b = dtlsBinding({ localDescription: local, remoteDescription: remote })!;
    expect([toHex(b.local), toHex(b.remote)]).toEqual(['01'.repeat(32), '02'.repeat(32)]);
  });
});
