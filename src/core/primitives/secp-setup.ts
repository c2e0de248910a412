// @noble/secp256k1 v3 needs its hash functions set for synchronous signing (README, "schnorr").
// Reading path: stop 1, bytes and hashes (src/core/READING.md).
import * as secp from '@noble/secp256k1';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);
