/** Set by vite.config.ts: distinguishes two builds of the same sources. */
declare const __BUILD_ID__: string;
