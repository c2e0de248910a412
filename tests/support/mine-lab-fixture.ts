// Finds the nonces of tests/support/lab-fixture.ts (npx tsx tests/support/mine-lab-fixture.ts):
// the WebAssembly kernel, a few seconds a block. Prints the nonce list to paste.
import fs from 'node:fs';
import path from 'node:path';
import { WasmKernel } from '../../src/workers/wasm-kernel';
import { encodeHeader } from '../../src/core/primitives/header';
import { targetFromBits } from '../../src/core/pow/compact';
import { LAB_FIXTURE_FORK_FROM, LAB_FIXTURE_FORK_NONCES, LAB_FIXTURE_NONCES, labFixtureBlocks, labFixtureTemplate, openLabFixtureChain } from './lab-fixture';
import type { Chain } from '../../src/core/chain/chain';

const module = new WebAssembly.Module(fs.readFileSync(path.resolve(import.meta.dirname, '../../src/workers/kernel/sha256d-simd.wasm')));
const kernel = new WasmKernel(module);

async function mine(chain: Chain, known: readonly (number | null)[], fork: boolean): Promise<number[]> {
  const nonces: number[] = [];
  for (const [i, knownNonce] of known.entries()) {
    const block = labFixtureTemplate(chain, fork);
    let nonce = knownNonce;
    if (nonce === null) {
      kernel.setTemplate(encodeHeader(block.header), targetFromBits(block.header.bits) ?? 0n);
      for (let start = 0; nonce === null; start += 1 << 20) nonce = kernel.scan(start, 1 << 20).found[0] ?? null;
    }
    block.header.nonce = nonce;
    const result = await chain.submitBlock(block);
    console.log(`${fork ? 'fork ' : ''}block ${chain.height} (${i}): ${nonce} ${JSON.stringify(result)}`);
    nonces.push(nonce);
  }
  return nonces;
}

console.log('nonces', JSON.stringify(await mine(await openLabFixtureChain(), LAB_FIXTURE_NONCES, false)));
const forkChain = await openLabFixtureChain();
for (const block of await labFixtureBlocks(LAB_FIXTURE_FORK_FROM)) await forkChain.submitBlock(block);
console.log('fork nonces', JSON.stringify(await mine(forkChain, LAB_FIXTURE_FORK_NONCES, true)));
