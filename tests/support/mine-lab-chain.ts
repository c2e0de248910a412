// Finds the nonces of tests/support/lab-chain.ts with the WebAssembly SIMD kernel and prints them.
import fs from 'node:fs';
import path from 'node:path';
import { WasmKernel } from '../../src/workers/wasm-kernel';
import { encodeHeader } from '../../src/core/primitives/header';
import { targetFromBits } from '../../src/core/pow/compact';
import type { Block } from '../../src/core/primitives/block';
import { LAB_CHAIN_PLAN, labPath, labTemplate, type LabBlockName } from './lab-chain';
import { labFixtureBlock1 } from './lab-fixture';

const kernel = new WasmKernel(new WebAssembly.Module(fs.readFileSync(path.resolve(import.meta.dirname, '../../src/workers/kernel/sha256d-simd.wasm'))));
const blocks = new Map<LabBlockName | 'b1', Block>([['b1', await labFixtureBlock1()]]);
const nonces: Record<string, number> = {};
for (const { name } of LAB_CHAIN_PLAN) {
  const block = await labTemplate(name, [blocks.get('b1')!, ...labPath(name).slice(0, -1).map((n) => blocks.get(n)!)]);
  kernel.setTemplate(encodeHeader(block.header), targetFromBits(block.header.bits)!);
  const STEP = 1 << 20;
  for (let start = 0; ; start += STEP) {
    const found = kernel.scan(start, STEP).found[0];
    if (found !== undefined) {
      block.header.nonce = found;
      break;
    }
  }
  blocks.set(name, block);
  nonces[name] = block.header.nonce;
  console.log(name, block.header.nonce);
}
console.log(JSON.stringify(nonces));
