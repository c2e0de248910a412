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

/**
 * The kernel's text for `groups` independent groups of four nonces per loop iteration. With two,
 * the second group's statements are interleaved with the first's, so the CPU has two independent
 * dependency chains to overlap (instruction-level parallelism), at the cost of twice the live
 * registers. Only the second hash's first word is computed: that word alone decides the target
 * comparison (hashValue reads the hash big-endian, so word 0 is the most significant), and
 * whatever feeds nothing else is dropped (a backward liveness pass).
 * `relaxed` uses relaxed SIMD's i32x4.relaxed_laneselect where the mask is a whole-lane compare
 * result (the best-hash bookkeeping). Ch and Maj select bit by bit, which relaxed_laneselect does
 * not promise (on x86 it may take each lane's top bit), so they stay v128.bitselect.
 */
export function generateKernelWat({ groups = 1, relaxed = false } = {}) {
  if (groups !== 1 && groups !== 2) throw new RangeError('groups is 1 or 2');
  // A value: { k: 'c', v } constant, or { k: 't' | 'n', name } a local holding a per-template or
  // per-nonce value. Code for 't' values goes before the nonce loop, for 'n' values inside it.
  const pre = [];
  const body = [];
  let tmp = 0;
  const C = (v) => ({ k: 'c', v: u32(v) });
  const splat = (v) => `(v128.const i32x4 ${u32(v)} ${u32(v)} ${u32(v)} ${u32(v)})`;
  const get = (x) => (x.k === 'c' ? splat(x.v) : `(local.get $${x.name})`);
  const kindOf = (...xs) => (xs.some((x) => x.k === 'n') ? 'n' : xs.some((x) => x.k === 't') ? 't' : 'c');

  function bind(kind, expr, hint) {
    const name = `${hint}_${tmp++}`;
    (kind === 't' ? pre : body).push({ name, expr });
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
  const loads = [];
  const mid = Array.from({ length: 8 }, (_, i) => {
    loads.push({ name: `mid${i}`, expr: `(v128.load32_splat (i32.const ${LAYOUT.midstate + 4 * i}))` });
    return { k: 't', name: `mid${i}` };
  });
  const tail = Array.from({ length: 3 }, (_, i) => {
    loads.push({ name: `tail${i}`, expr: `(v128.load32_splat (i32.const ${LAYOUT.tail + 4 * i}))` });
    return { k: 't', name: `tail${i}` };
  });
  pre.push(...loads);
  const nonceW = { k: 'n', name: 'wnonce' };
  const w1 = [...tail, nonceW, C(0x80000000), ...Array(10).fill(C(0)), C(640)];
  const s = compress(mid, w1, 'x');
  const h1 = s.map((x, i) => add([x, mid[i]], `h1_${i}`));
  // Second hash: from the IV, message = the first hash, padded for 32 bytes. Only its first word is
  // needed for the target filter; exact checks of the rare candidates happen outside.
  const w2 = [...h1, C(0x80000000), ...Array(6).fill(C(0)), C(256)];
  const s2 = compress(IV.map(C), w2, 'y');
  const top = add([s2[0], C(IV[0])], 'top');

  // Backward liveness: keep a statement only if something kept later (or the result) reads it.
  const live = new Set([top.name]);
  const refs = (expr) => [...expr.matchAll(/\$([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  const keep = (stmts) =>
    stmts
      .reverse()
      .filter((st) => {
        if (!live.has(st.name)) return false;
        for (const r of refs(st.expr)) live.add(r);
        return true;
      })
      .reverse();
  const loopBody = keep(body);
  const prelude = keep(pre);

  // Group g's copy of a per-nonce statement: its per-nonce locals get the suffix _g (group 0 none).
  const perNonce = new Set([...loopBody.map((st) => st.name), 'wnonce']);
  const rename = (text, g) => (g === 0 ? text : text.replace(/\$([A-Za-z0-9_]+)/g, (m, n) => (perNonce.has(n) ? `$${n}_${g}` : m)));
  const gs = Array.from({ length: groups }, (_, g) => g);
  const local = (name, g) => (g === 0 ? name : `${name}_${g}`);
  // Interleaved: statement i of every group, then statement i + 1.
  const interleaved = loopBody.flatMap((st) => gs.map((g) => `(local.set $${local(st.name, g)} ${rename(st.expr, g)})`));
  const locals = [...prelude.map((st) => st.name), ...gs.flatMap((g) => [...perNonce].map((n) => local(n, g))), ...gs.flatMap((g) => [local('nv', g), local('hit', g)])];
  const localDecl = locals.map((n) => `(local $${n} v128)`).join(' ');
  const lanes = 4 * groups;
  const topOf = (g) => `(local.get $${local(top.name, g)})`;
  const laneMask = (v) => `(i8x16.swizzle ${v} (i8x16.add (i8x16.splat (i32.shl (local.get $lane) (i32.const 2))) (v128.const i8x16 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3)))`;
  const laneSelect = relaxed ? 'i32x4.relaxed_laneselect' : 'v128.bitselect';
  const perGroup = gs.map(
    (g) => `(local.set $${local('hit', g)} (i32x4.lt_u ${topOf(g)} (local.get $bestv)))
        (local.set $bestv (${laneSelect} ${topOf(g)} (local.get $bestv) (local.get $${local('hit', g)})))
        (local.set $bestn (${laneSelect} (local.get $${local('nv', g)}) (local.get $bestn) (local.get $${local('hit', g)})))
        (local.set $${local('hit', g)} (i32x4.le_u ${topOf(g)} (local.get $t0)))
        (if (v128.any_true (local.get $${local('hit', g)}))
          (then
            (local.set $lane (i32.const 0))
            (loop $lanes${g}
              (if (i32x4.extract_lane 0 ${laneMask(`(local.get $${local('hit', g)})`)})
                (then
                  (i32.store (i32.add (i32.const ${LAYOUT.results}) (i32.shl (local.get $found) (i32.const 2))) (i32.add (i32.add (local.get $start) (local.get $i)) (i32.add (local.get $lane) (i32.const ${4 * g}))))
                  (local.set $found (i32.add (local.get $found) (i32.const 1)))))
              (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
              (br_if $lanes${g} (i32.lt_u (local.get $lane) (i32.const 4))))))`,
  );
  const nonces = gs.map(
    (g) => `(local.set $${local('nv', g)} (i32x4.add (i32x4.splat (i32.add (local.get $start) (local.get $i))) (v128.const i32x4 ${4 * g} ${4 * g + 1} ${4 * g + 2} ${4 * g + 3})))
        (local.set $${local('wnonce', g)} (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 (local.get $${local('nv', g)}) (local.get $${local('nv', g)})))`,
  );
  const wat = `;; GENERATED by scripts/gen-kernel-wat.mjs: double SHA-256 mining kernel, ${groups === 1 ? '4 nonces per i32x4 lane group' : `${groups} interleaved groups of 4 nonces (i32x4) per iteration`}.
;; Memory: midstate u32[8] @${LAYOUT.midstate}, tail words u32[3] @${LAYOUT.tail} (big-endian word values),
;; target word 0 @${LAYOUT.target0}; results: count @${LAYOUT.count}, nonces @${LAYOUT.results} (max ${LAYOUT.maxResults}),
;; best first hash word @${LAYOUT.bestWord} and its nonce @${LAYOUT.bestNonce}.
;; scan(start, count): count is a multiple of ${lanes} (exported as "lanes"). Every nonce whose hash's first word is <= the target's
;; first word is a candidate; the caller checks candidates exactly. Returns the nonces hashed (it stops
;; after the iteration in which the result buffer filled).
(module
  (memory (export "memory") 1)
  (global (export "lanes") i32 (i32.const ${lanes}))
  (func (export "scan") (param $start i32) (param $count i32) (result i32)
    (local $i i32) (local $found i32) (local $t0 v128) (local $bestv v128) (local $bestn v128) (local $lane i32) (local $mask v128)
    ${localDecl}
    ${prelude.map((st) => `(local.set $${st.name} ${st.expr})`).join('\n    ')}
    (local.set $t0 (v128.load32_splat (i32.const ${LAYOUT.target0})))
    (local.set $bestv (v128.const i32x4 -1 -1 -1 -1))
    (local.set $bestn (i32x4.splat (local.get $start)))
    (local.set $found (i32.const 0))
    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        ;; The nonce is little-endian in the header, SHA-256 reads big-endian words: swap bytes.
        ${nonces.join('\n        ')}
        ${interleaved.join('\n        ')}
        ${perGroup.join('\n        ')}
        (local.set $i (i32.add (local.get $i) (i32.const ${lanes})))
        (br_if $done (i32.ge_u (local.get $found) (i32.const ${LAYOUT.maxResults - lanes})))
        (br $next)))
    (i32.store (i32.const ${LAYOUT.count}) (local.get $found))
    ;; The lowest first word over the four lanes, and its nonce.
    (i32.store (i32.const ${LAYOUT.bestWord}) (i32x4.extract_lane 0 (local.get $bestv)))
    (i32.store (i32.const ${LAYOUT.bestNonce}) (i32x4.extract_lane 0 (local.get $bestn)))
    (local.set $lane (i32.const 1))
    (loop $reduce
      (local.set $mask ${laneMask('(local.get $bestv)')})
      (if (i32.lt_u (i32x4.extract_lane 0 (local.get $mask)) (i32.load (i32.const ${LAYOUT.bestWord})))
        (then
          (i32.store (i32.const ${LAYOUT.bestWord}) (i32x4.extract_lane 0 (local.get $mask)))
          (i32.store (i32.const ${LAYOUT.bestNonce}) (i32x4.extract_lane 0 ${laneMask('(local.get $bestn)')}))))
      (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
      (br_if $reduce (i32.lt_u (local.get $lane) (i32.const 4))))
    (local.get $i)))
`;
  return { wat, stats: { locals: locals.length, perTemplate: prelude.length, perNonce: interleaved.length, droppedAsDead: body.length - loopBody.length + pre.length - prelude.length } };
}

/** Nonce groups per loop iteration in the committed kernel: 2, as bench/kernel.bench.ts measured in Chromium (docs/PERFORMANCE.md). */
export const KERNEL_GROUPS = 2;
const generated = generateKernelWat({ groups: KERNEL_GROUPS });
/** The kernel's text, exactly as committed in src/workers/kernel/sha256d-simd.wat. */
export const KERNEL_WAT = generated.wat;

export const KERNEL_WAT_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/workers/kernel/sha256d-simd.wat');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(KERNEL_WAT_PATH, KERNEL_WAT);
  const { locals, perTemplate, perNonce, droppedAsDead } = generated.stats;
  console.log(`wrote ${KERNEL_WAT_PATH}: ${KERNEL_WAT.split('\n').length} lines, ${locals} locals, ${perTemplate} per-template and ${perNonce} per-nonce statements (${droppedAsDead} dead ones dropped)`);
}
