// Types for the generator's exports (tests/unit/workers/kernel-wat.test.ts imports them).
/** The kernel's text, as the generator writes it. */
export declare const KERNEL_WAT: string;
/** Where the committed kernel lives: src/workers/kernel/sha256d-simd.wat. */
export declare const KERNEL_WAT_PATH: string;
