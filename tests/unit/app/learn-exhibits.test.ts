import { describe, expect, it } from 'vitest';
import { ALICE, BOB, mine, newChain, transfer } from '../core/helpers';
import { avalanche, hashExhibit, headerRows, leadingZeroBits, nudge, whatIf } from '../../../src/app/learn-exhibits';
import { encodeHeader, headerHash, hashValue } from '../../../src/core/primitives/header';
import { checkTransferSanity } from '../../../src/core/consensus/tx-rules';
import { SigCache } from '../../../src/core/consensus/sig-cache';
import { VerifyError } from '../../../src/core/protocol/verify-error';
import { REGTEST } from '../../../src/core/protocol/networks';
import { createBlockTemplate } from '../../../src/core/mining/template';
import { solveBlock } from '../../../src/core/mining/solve';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { txid, verifyTransferSignature } from '../../../src/core/primitives/tx';
import { judgeTransfer } from '../../../src/app/learn-verdict';
import { useMessages } from '../../../src/app/i18n/i18n';
import { learnAreaEn } from '../../../src/app/i18n/en/learn-area';

// The exhibits' messages load with the Learn routes (App.svelte); here they are loaded as there.
useMessages('learn', 'en', learnAreaEn);

describe('lesson 1: hash exhibit', () => {
  it('hashes header bytes typed as hex to the block hash the node stores', async () => {
    const { chain } = await newChain();
    await mine(chain);
    const shown = hashExhibit(toHex(encodeHeader(chain.tip.header)), 'hex');
    expect(shown.sha256d).toBe(chain.tip.hashHex);
    expect(hashExhibit('zz', 'hex').error).toMatch(/pairs/);
  });

  it('counts the bits a one-character change flips (about half of 256)', () => {
    const a = utf8('SimpleCoin');
    const { flipped, bits } = avalanche(a, nudge(a));
    expect(bits.filter(Boolean)).toHaveLength(flipped);
    expect(flipped).toBeGreaterThan(90);
    expect(flipped).toBeLessThan(166);
    expect(avalanche(a, a).flipped).toBe(0);
  });
});

describe('lesson 2: header rows', () => {
  it('lays the 80 bytes out field by field, and they hash to the node\'s block hash', async () => {
    const { chain } = await newChain();
    await mine(chain);
    const rows = headerRows(chain.tip.header);
    expect(rows.map((r) => [r.field, r.offset])).toEqual([['version', 0], ['prevHash', 4], ['merkleRoot', 36], ['time', 68], ['bits', 72], ['nonce', 76]]);
    expect(hashExhibit(rows.map((r) => r.hex).join(''), 'hex').sha256d).toBe(chain.tip.hashHex);
    expect(leadingZeroBits(chain.tip.hash)).toBe(256 - hashValue(chain.tip.hash).toString(2).length);
  });
});

describe('lesson 5: signatures', () => {
  it('a changed character fails the check the node runs (tx-bad-sig), the signed one passes', () => {
    const signed = transfer(ALICE, BOB, 1n, 0, { memo: utf8('I owe Bob one coin') });
    expect(verifyTransferSignature(signed)).toBe(true);
    expect(() => checkTransferSanity(signed, toHex(txid(signed)), REGTEST, new SigCache())).not.toThrow();
    expect(judgeTransfer(signed, REGTEST).ok).toBe(true);
    const changed = { ...signed, memo: utf8('I owe Bob ten coins') };
    expect(verifyTransferSignature(changed)).toBe(false);
    const error = (() => {
      try {
        checkTransferSanity(changed, toHex(txid(changed)), REGTEST, new SigCache());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(VerifyError);
    expect((error as VerifyError).code).toBe('tx-bad-sig');
    expect(judgeTransfer(changed, REGTEST).code).toBe('tx-bad-sig');
  });
});

describe('lesson 7: what if the hash rate changed', () => {
  it('predicts the bits the node then demands of each block', async () => {
    // Regtest's trivial targets with retargeting on: blocks are cheap to mine, ASERT is real.
    const params = { ...REGTEST, retarget: true };
    const { chain } = await newChain(params);
    await mine(chain, { dt: 30 });
    const start = { height: chain.height, time: chain.tip.header.time, anchor: chain.templateParent().anchor };
    // Far more hash rate than the genesis target needs for a block every 30 s: targets tighten.
    const run = whatIf(params, start, 40, 20);
    expect(new Set(run.map((p) => p.bits)).size).toBeGreaterThan(1);
    for (const point of run) {
      const block = createBlockTemplate({ params, parent: chain.templateParent(), txs: [], recipient: ALICE.pub, now: point.time });
      expect(block.header.bits).toBe(point.bits);
      expect(block.header.time).toBe(point.time);
      solveBlock(block, 10_000_000);
      await chain.submitBlock(block);
      expect(chain.tip.hashHex).toBe(toHex(headerHash(block.header)));
    }
  });
});
