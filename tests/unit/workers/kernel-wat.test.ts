import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { KERNEL_WAT, KERNEL_WAT_PATH } from '../../../scripts/gen-kernel-wat.mjs';

// The committed WAT is generated: it must be exactly what the generator writes from the shared
// constants (src/core/mining/sha256-constants.js) and layout (src/workers/kernel/layout.js), so a
// hand edit of the WAT, or a change of the generator or its inputs without regenerating, fails here.
describe('the committed SIMD kernel', () => {
  it('is byte for byte what scripts/gen-kernel-wat.mjs generates', () => {
    const committed = fs.readFileSync(KERNEL_WAT_PATH);
    const generated = Buffer.from(KERNEL_WAT, 'utf8');
    expect(committed.length).toBe(generated.length);
    expect(committed.equals(generated)).toBe(true);
  });
});
