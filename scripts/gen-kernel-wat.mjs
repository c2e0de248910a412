// Writes src/workers/kernel/sha256d-simd.wat: double SHA-256 of an 80-byte block header for four
// nonces at once with WebAssembly SIMD (i32x4), from a precomputed midstate.
// The rounds are unrolled and every value is tracked as a constant, a per-template value (hoisted
// out of the nonce loop) or a per-nonce value, so constant message words and the state before the
// nonce word are folded away. Run: node scripts/gen-kernel-wat.mjs (the .wat is committed, and
// tests/unit/workers/kernel-wat.test.ts checks it is exactly what this writes; the .wasm is built
// from it by scripts/build-wasm.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHA256_IV, SHA256_K } from '../src/core/mining/sha256-constants.js';
import { KERNEL_LAYOUT } from '../src/workers/kernel/layout.js';

const K = SHA256_K;
const IV = SHA256_IV;
const LAYOUT = KERNEL_LAYOUT;

const u32 = (x) => x >>> 0;
const rotr = (x, n) => u32((x >>> n) | (x << (32 - n)));
const S0 = (a) => rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
const S1 = (e) => rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
const s0 = (x) => rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
const s1 = (x) => rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10);

// A value: { k: 'c', v } constant, or { k: 't' | 'n', name } a local holding a per-template or
// per-nonce value. Code for 't' values goes before the nonce loop, for 'n' values inside it.
const pre = [];
const body = [];
const locals = new Set();
let tmp = 0;
const C = (v) => ({ k: 'c', v: u32(v) });
const splat = (v) => `(v128.const i32x4 ${u32(v)} ${u32(v)} ${u32(v)} ${u32(v)})`;
const get = (x) => (x.k === 'c' ? splat(x.v) : `(local.get $${x.name})`);
const kindOf = (...xs) => (xs.some((x) => x.k === 'n') ? 'n' : xs.some((x) => x.k === 't') ? 't' : 'c');

function bind(kind, expr, hint) {
  const name = `${hint}_${tmp++}`;
  locals.add(name);
  (kind === 't' ? pre : body).push(`(local.set $${name} ${expr})`);
  return { k: kind, name };
}

const rotrE = (x, n) => `(v128.or (i32x4.shr_u ${get(x)} (i32.const ${n})) (i32x4.shl ${get(x)} (i32.const ${32 - n})))`;
const xor3 = (p, q, r) => `(v128.xor (v128.xor ${p} ${q}) ${r})`;

function Sigma(x, rs, fn, hint) {
  if (x.k === 'c') return C(fn(x.v));
  return bind(x.k, xor3(rotrE(x, rs[0]), rotrE(x, rs[1]), rotrE(x, rs[2])), hint);
}
function sigma(x, r1, r2, sh, fn, hint) {
  if (x.k === 'c') return C(fn(x.v));
  return bind(x.k, xor3(rotrE(x, r1), rotrE(x, r2), `(i32x4.shr_u ${get(x)} (i32.const ${sh}))`), hint);
}
function ch(e, f, g) {
  if (kindOf(e, f, g) === 'c') return C((e.v & f.v) ^ (~e.v & g.v));
  return bind(kindOf(e, f, g), `(v128.bitselect ${get(f)} ${get(g)} ${get(e)})`, 'ch');
}
function maj(a, b, c) {
  if (kindOf(a, b, c) === 'c') return C((a.v & b.v) ^ (a.v & c.v) ^ (b.v & c.v));
  // Where a and b agree the majority is a, else c.
  return bind(kindOf(a, b, c), `(v128.bitselect ${get(c)} ${get(a)} (v128.xor ${get(a)} ${get(b)}))`, 'maj');
}
/** Sum of values: constants folded into one, per-template terms summed once outside the loop. */
function add(xs, hint) {
  let c = 0;
  let rest = [];
  for (const x of xs) {
    if (x.k === 'c') c = u32(c + x.v);
    else rest.push(x);
  }
  const tmpl = rest.filter((x) => x.k === 't');
  if (tmpl.length > 0 && rest.some((x) => x.k === 'n') && (tmpl.length > 1 || c !== 0)) {
    const hoisted = add([...tmpl, C(c)], `${hint}_t`);
    c = 0;
    rest = [hoisted, ...rest.filter((x) => x.k !== 't')];
  }
  if (rest.length === 0) return C(c);
  if (c === 0 && rest.length === 1) return rest[0];
  let expr = get(rest[0]);
  for (const x of rest.slice(1)) expr = `(i32x4.add ${expr} ${get(x)})`;
  if (c !== 0) expr = `(i32x4.add ${expr} ${splat(c)})`;
  return bind(kindOf(...rest), expr, hint);
}

/** One compression over message words w (16 values) from state (8 values); returns the 8 sums. */
function compress(state, w16, tag) {
  const w = [...w16];
  for (let t = 16; t < 64; t++) {
    w[t] = add([sigma(w[t - 2], 17, 19, 10, s1, `s1${tag}`), w[t - 7], sigma(w[t - 15], 7, 18, 3, s0, `s0${tag}`), w[t - 16]], `w${tag}${t}`);
  }
  let [a, b, c, d, e, f, g, h] = state;
  for (let t = 0; t < 64; t++) {
    const t1 = add([h, Sigma(e, [6, 11, 25], S1, 'S1'), ch(e, f, g), C(K[t]), w[t]], `t1_${tag}${t}`);
    const t2 = add([Sigma(a, [2, 13, 22], S0, 'S0'), maj(a, b, c)], `t2_${tag}${t}`);
    h = g;
    g = f;
    f = e;
    e = add([d, t1], `e${tag}${t}`);
    d = c;
    c = b;
    b = a;
    a = add([t1, t2], `a${tag}${t}`);
  }
  return [a, b, c, d, e, f, g, h];
}

// First hash: from the midstate, message = tail words, the nonce, then SHA-256 padding for 80 bytes.
const mid = Array.from({ length: 8 }, (_, i) => {
  const name = `mid${i}`;
  locals.add(name);
  pre.push(`(local.set $${name} (v128.load32_splat (i32.const ${LAYOUT.midstate + 4 * i})))`);
  return { k: 't', name };
});
const tail = Array.from({ length: 3 }, (_, i) => {
  const name = `tail${i}`;
  locals.add(name);
  pre.push(`(local.set $${name} (v128.load32_splat (i32.const ${LAYOUT.tail + 4 * i})))`);
  return { k: 't', name };
});
locals.add('wnonce');
const nonceW = { k: 'n', name: 'wnonce' };
const w1 = [...tail, nonceW, C(0x80000000), ...Array(10).fill(C(0)), C(640)];
const s = compress(mid, w1, 'x');
const h1 = s.map((x, i) => add([x, mid[i]], `h1_${i}`));
// Second hash: from the IV, message = the first hash, padded for 32 bytes. Only its first word is
// needed for the target filter; exact checks of the rare candidates happen outside.
const w2 = [...h1, C(0x80000000), ...Array(6).fill(C(0)), C(256)];
const s2 = compress(IV.map(C), w2, 'y');
const top = add([s2[0], C(IV[0])], 'top');

const localDecl = [...locals].map((n) => `(local $${n} v128)`).join(' ');
/** The kernel's text, exactly as committed in src/workers/kernel/sha256d-simd.wat. */
export const KERNEL_WAT = `;; GENERATED by scripts/gen-kernel-wat.mjs: double SHA-256 mining kernel, 4 nonces per i32x4 lane group.
;; Memory: midstate u32[8] @${LAYOUT.midstate}, tail words u32[3] @${LAYOUT.tail} (big-endian word values),
;; target word 0 @${LAYOUT.target0}; results: count @${LAYOUT.count}, nonces @${LAYOUT.results} (max ${LAYOUT.maxResults}),
;; best first hash word @${LAYOUT.bestWord} and its nonce @${LAYOUT.bestNonce}.
;; scan(start, count): count is a multiple of 4. Every nonce whose hash's first word is <= the target's
;; first word is a candidate; the caller checks candidates exactly. Returns the nonces hashed (it stops
;; after the group in which the result buffer filled).
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $start i32) (param $count i32) (result i32)
    (local $i i32) (local $found i32) (local $nv v128) (local $t0 v128) (local $mask v128) (local $bestv v128) (local $bestn v128) (local $lane i32)
    ${localDecl}
    ${pre.join('\n    ')}
    (local.set $t0 (v128.load32_splat (i32.const ${LAYOUT.target0})))
    (local.set $bestv (v128.const i32x4 -1 -1 -1 -1))
    (local.set $bestn (i32x4.splat (local.get $start)))
    (local.set $found (i32.const 0))
    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $nv (i32x4.add (i32x4.splat (i32.add (local.get $start) (local.get $i))) (v128.const i32x4 0 1 2 3)))
        ;; The nonce is little-endian in the header, SHA-256 reads big-endian words: swap bytes.
        (local.set $wnonce (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 (local.get $nv) (local.get $nv)))
        ${body.join('\n        ')}
        (local.set $mask (i32x4.lt_u ${get(top)} (local.get $bestv)))
        (local.set $bestv (v128.bitselect ${get(top)} (local.get $bestv) (local.get $mask)))
        (local.set $bestn (v128.bitselect (local.get $nv) (local.get $bestn) (local.get $mask)))
        (local.set $mask (i32x4.le_u ${get(top)} (local.get $t0)))
        (if (v128.any_true (local.get $mask))
          (then
            (local.set $lane (i32.const 0))
            (loop $lanes
              (if (i32x4.extract_lane 0 (i8x16.swizzle (local.get $mask) (i8x16.add (i8x16.splat (i32.shl (local.get $lane) (i32.const 2))) (v128.const i8x16 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3))))
                (then
                  (i32.store (i32.add (i32.const ${LAYOUT.results}) (i32.shl (local.get $found) (i32.const 2))) (i32.add (i32.add (local.get $start) (local.get $i)) (local.get $lane)))
                  (local.set $found (i32.add (local.get $found) (i32.const 1)))))
              (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
              (br_if $lanes (i32.lt_u (local.get $lane) (i32.const 4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $done (i32.ge_u (local.get $found) (i32.const ${LAYOUT.maxResults - 4})))
        (br $next)))
    (i32.store (i32.const ${LAYOUT.count}) (local.get $found))
    ;; The lowest first word over the four lanes, and its nonce.
    (i32.store (i32.const ${LAYOUT.bestWord}) (i32x4.extract_lane 0 (local.get $bestv)))
    (i32.store (i32.const ${LAYOUT.bestNonce}) (i32x4.extract_lane 0 (local.get $bestn)))
    (local.set $lane (i32.const 1))
    (loop $reduce
      (local.set $mask (i8x16.swizzle (local.get $bestv) (i8x16.add (i8x16.splat (i32.shl (local.get $lane) (i32.const 2))) (v128.const i8x16 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3))))
      (if (i32.lt_u (i32x4.extract_lane 0 (local.get $mask)) (i32.load (i32.const ${LAYOUT.bestWord})))
        (then
          (i32.store (i32.const ${LAYOUT.bestWord}) (i32x4.extract_lane 0 (local.get $mask)))
          (i32.store (i32.const ${LAYOUT.bestNonce}) (i32x4.extract_lane 0 (i8x16.swizzle (local.get $bestn) (i8x16.add (i8x16.splat (i32.shl (local.get $lane) (i32.const 2))) (v128.const i8x16 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3)))))))
      (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
      (br_if $reduce (i32.lt_u (local.get $lane) (i32.const 4))))
    (local.get $i)))
`;

export const KERNEL_WAT_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/workers/kernel/sha256d-simd.wat');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(KERNEL_WAT_PATH, KERNEL_WAT);
  console.log(`wrote ${KERNEL_WAT_PATH}: ${KERNEL_WAT.split('\n').length} lines, ${locals.size} locals, ${pre.length} per-template and ${body.length} per-nonce statements`);
}
