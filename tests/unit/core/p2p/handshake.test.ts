import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { schnorr } from '@noble/secp256k1';
import '../../../../src/core/primitives/secp-setup';
import { handshakeMessage, HANDSHAKE_TAG, signerTranscript, signHandshake, transcriptBytes, verifierTranscript, verifyHandshake, type HandshakeTranscript } from '../../../../src/core/p2p/handshake';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../../src/core/p2p/messages';
import { fromHex, toHex } from '../../../../src/core/encoding/bytes';
import { ALICE, BOB, CAROL } from '../helpers';
import { REGTEST } from '../../../../src/core/protocol/networks';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/PROTOCOL.md'), 'utf8');
const fill = (b: number) => new Uint8Array(32).fill(b);

// The vector printed in docs/PROTOCOL.md ("Handshake"): signer secret 0x01×32, verifier secret 0x02×32.
const VECTOR = {
  transcript: {
    genesis: fill(0x47),
    signerKey: fromHex('1b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f'),
    verifierKey: fromHex('4d4b6cd1361032ca9bd2aeb9d900aa4d45d9ead80ac9423374c451a7254d0766'),
    verifierChallenge: fill(0x22),
    signerChallenge: fill(0x11),
    signerLink: fill(0xaa),
    verifierLink: fill(0xbb),
  } satisfies HandshakeTranscript,
  message: 'fdc74656969a4569f6f73e15891ba9f99111f3f3d49a1e45b7070a79bcb83a95',
  signature: '11e96af870b7ba4c73e220330d5c141c28c02a07949d8fb415e64d04354d47847e23469b3914a33330923a8bbc9f32b635a4b03aba26d38daa59265a4f810c86',
};

describe('the link-bound handshake (protocol 2)', () => {
  it('matches the vector in PROTOCOL.md, byte for byte', () => {
    const t = VECTOR.transcript;
    expect(toHex(schnorr.getPublicKey(fill(1)))).toBe(toHex(t.signerKey));
    expect(toHex(schnorr.getPublicKey(fill(2)))).toBe(toHex(t.verifierKey));
    const bytes = transcriptBytes(t);
    expect(bytes.length).toBe(32 * 5 + 2 + 32 + 32);
    expect(toHex(handshakeMessage(t))).toBe(VECTOR.message);
    expect(toHex(signHandshake(t, fill(1), new Uint8Array(32)))).toBe(VECTOR.signature);
    expect(verifyHandshake(fromHex(VECTOR.signature), t)).toBe(true);
    for (const hex of [HANDSHAKE_TAG, toHex(bytes), VECTOR.message, VECTOR.signature]) expect(doc).toContain(hex);
    expect(doc).toContain(`\`PROTOCOL_VERSION\` is ${PROTOCOL_VERSION} and \`MIN_PROTOCOL_VERSION\` is ${MIN_PROTOCOL_VERSION}`);
    // 2 brought this binding; 3 (the profile message, classroom parameters), 4 (compact relay) and 5 (the lab message) kept it.
    expect([PROTOCOL_VERSION, MIN_PROTOCOL_VERSION]).toEqual([5, 3]);
  });

  it('verifies at the other end of the same link, and fails for any other field', () => {
    const a = { key: ALICE.pub, challenge: fill(1) };
    const b = { key: BOB.pub, challenge: fill(2) };
    const aLink = { local: fill(0xa1), remote: fill(0xb1) };
    const bLink = { local: aLink.remote, remote: aLink.local };
    const sig = signHandshake(signerTranscript(REGTEST.genesisHash, a, b, aLink), ALICE.secret, fill(9));
    const seenByB = verifierTranscript(REGTEST.genesisHash, b, a, bLink);
    expect(verifyHandshake(sig, seenByB)).toBe(true);
    for (const field of Object.keys(seenByB) as (keyof HandshakeTranscript)[]) {
      const changed = { ...seenByB, [field]: seenByB[field].map((x, i) => (i === 0 ? x ^ 1 : x)) };
      expect(verifyHandshake(sig, changed), field).toBe(false);
    }
  });

  it('a signature relayed by a man in the middle does not verify', () => {
    // V <-> M and M <-> K are two links with their own ends. M passes V's version (key and
    // challenge) on to K; K signs for the link it sees, which is not the link V sees.
    const v = { key: ALICE.pub, challenge: fill(0x0a) };
    const k = { key: BOB.pub, challenge: fill(0x0b) };
    // M uses one certificate (fingerprint fM) on both links, which is the best it can do: it
    // holds neither V's nor K's certificate key, so DTLS would not complete with theirs.
    const fV = fill(0x01), fK = fill(0x03), fM = fill(0x02);
    const fromK = signHandshake(signerTranscript(REGTEST.genesisHash, k, v, { local: fK, remote: fM }), BOB.secret, fill(7));
    expect(verifyHandshake(fromK, verifierTranscript(REGTEST.genesisHash, v, k, { local: fV, remote: fM }))).toBe(false);
    // The same signature is fine on the link K signed it for: the relay alone breaks it.
    expect(verifyHandshake(fromK, verifierTranscript(REGTEST.genesisHash, v, k, { local: fM, remote: fK }))).toBe(true);
    // A third key cannot stand in for K either.
    expect(verifyHandshake(fromK, verifierTranscript(REGTEST.genesisHash, v, { key: CAROL.pub, challenge: k.challenge }, { local: fM, remote: fK }))).toBe(false);
  });

  it('refuses an empty or oversize link id instead of signing it', () => {
    const t = { ...VECTOR.transcript, signerLink: new Uint8Array(0) };
    expect(() => transcriptBytes(t)).toThrow(/link id/);
    expect(() => transcriptBytes({ ...VECTOR.transcript, verifierLink: new Uint8Array(256) })).toThrow(/link id/);
    // 255 bytes, the most a u8 length can say, is a link id.
    expect(transcriptBytes({ ...VECTOR.transcript, verifierLink: new Uint8Array(255) }).length).toBe(32 * 5 + 1 + 32 + 1 + 255);
  });
});
