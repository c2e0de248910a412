import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../../../src/core/protocol/rules';
import { MAIN, REGTEST } from '../../../../src/core/protocol/networks';
import { toHex } from '../../../../src/core/encoding/bytes';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/PROTOCOL.md'), 'utf8');

describe('docs/PROTOCOL.md stays true', () => {
  it('lists every rule ID in a table row', () => {
    for (const id of Object.keys(RULES)) expect(doc, id).toContain(`| \`${id}\` |`);
  });

  it('gives the current genesis bits and hashes', () => {
    for (const n of [MAIN, REGTEST]) {
      expect(doc).toContain(`\`0x${n.genesis.header.bits.toString(16)}\``);
      const h = toHex(n.genesisHash);
      expect(doc).toContain(`${h.slice(0, 16)}…${h.slice(-8)}`);
    }
  });
});
