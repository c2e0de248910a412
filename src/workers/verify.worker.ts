// A signature verification worker: answers each request with one BIP340 verdict per check
// (verify-protocol.ts). The pool sends it work ahead of block connection (verify-pool.ts).
import { answerVerify, type VerifyRequest } from './verify-protocol';

self.onmessage = (event: MessageEvent<VerifyRequest>) => postMessage(answerVerify(event.data));
