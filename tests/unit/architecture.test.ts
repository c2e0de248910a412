import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layering rule of docs/ARCHITECTURE.md is enforced by lint; these prove it can fail.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('architecture lint', () => {
  it('rejects src/core touching the DOM, the clock or randomness', async () => {
    expect(await ruleIds('src/core/fixture.ts', 'export const t = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src/core/fixture.ts', 'export const t = Date.now();\n')).toContain('no-restricted-properties');
    expect(await ruleIds('src/core/fixture.ts', 'export const r = Math.random();\n')).toContain('no-restricted-properties');
  });

  it('rejects src/core importing idb, peerjs, svelte or node built-ins', async () => {
    for (const mod of ['idb', 'peerjs', 'svelte', 'node:crypto']) {
      const ids = await ruleIds('src/core/fixture.ts', `import * as m from '${mod}';\nexport const x = m;\n`);
      expect(ids, mod).toContain('boundaries/dependencies');
    }
  });

  it('allows src/core to import @noble and @scure', async () => {
    const code = "import { sha256 } from '@noble/hashes/sha2.js';\nimport { bech32m } from '@scure/base';\nexport const x = [sha256, bech32m];\n";
    expect(await ruleIds('src/core/fixture.ts', code)).toEqual([]);
  });

  it('rejects imports that run against ui -> app -> node -> {storage, net, workers} -> core', async () => {
    const against: Array<[string, string]> = [
      ['src/core/fixture.ts', '../net/transport'],
      ['src/net/fixture.ts', '../node/node'],
      ['src/storage/fixture.ts', '../net/transport'],
      ['src/node/fixture.ts', '../app/adapter'],
      ['src/ui/fixture.ts', '../net/transport'],
      // The honest node never depends on the attack lab; the lab drives a node, never the UI.
      ['src/node/fixture.ts', '../lab/selfish-miner'],
      ['src/core/fixture.ts', '../lab/selfish-miner'],
      ['src/lab/fixture.ts', '../app/adapter'],
    ];
    for (const [file, target] of against) {
      const ids = await ruleIds(file, `import * as m from '${target}';\nexport const x = m;\n`);
      expect(ids, `${file} -> ${target}`).toContain('boundaries/dependencies');
    }
  });

  it('keeps the BIP39 word list out of the initial bundle: the phrase codec only through import()', async () => {
    const load = "export const load = () => import('../core/wallet/phrase');\n";
    expect(await ruleIds('src/node/fixture.ts', "import { phraseOfKey } from '../core/wallet/phrase';\nexport const x = phraseOfKey;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src/app/fixture.ts', "import { wordlist } from '@scure/bip39/wordlists/english.js';\nexport const x = wordlist;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src/node/fixture.ts', load)).toEqual([]);
    expect(await ruleIds('src/app/fixture.ts', "import { PhraseError } from '../core/wallet/phrase-words';\nexport const x = PhraseError;\n")).toEqual([]);
  });

  it('allows imports along the arrows', async () => {
    const ids = await ruleIds('src/net/fixture.ts', "import * as m from '../core/p2p/framing';\nexport const x = m;\n");
    expect(ids).toEqual([]);
    expect(await ruleIds('src/lab/fixture.ts', "import * as m from '../node/node';\nexport const x = m;\n")).toEqual([]);
    expect(await ruleIds('src/app/fixture.ts', "import * as m from '../lab/selfish-miner';\nexport const x = m;\n")).toEqual([]);
  });
});
