// Types for the generator's exports (tests/unit/workers/kernel-wat.test.ts imports them).
/** The kernel's text, as the generator writes it. */
export declare const KERNEL_WAT: string;
/** Where the committed kernel lives: src/workers/kernel/sha256d-simd.wat. */
export declare const KERNEL_WAT_PATH: string;
/** Nonce groups of four per loop iteration in the committed kernel. */
export declare const KERNEL_GROUPS: number;
/** The kernel's text for `groups` interleaved groups of four nonces, optionally with relaxed SIMD's lane select. */
export declare function generateKernelWat(options?: { groups?: 1 | 2; relaxed?: boolean }): {
  wat: string;
  stats: { locals: number; perTemplate: number; perNonce: number; droppedAsDead: number };
};
