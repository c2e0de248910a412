// Assembles the mining kernel's WebAssembly text (src/workers/kernel/*.wat) into .wasm with wabt.
// The .wasm files are build outputs (gitignored); `npm run build`, `dev`, `start` and `test` run this.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/workers/kernel');

export async function buildWasm() {
  const wabt = await wabtInit();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const source = path.join(dir, file);
    const target = source.replace(/\.wat$/, '.wasm');
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) continue;
    const module = wabt.parseWat(file, fs.readFileSync(source, 'utf8'), { simd: true });
    module.validate();
    const { buffer } = module.toBinary({});
    fs.writeFileSync(target, buffer);
    module.destroy();
    console.log(`assembled ${path.relative(process.cwd(), target)} (${buffer.length} bytes)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildWasm();
