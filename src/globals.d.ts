/** Set by vite.config.ts: distinguishes two builds of the same sources. */
declare const __BUILD_ID__: string;
/** Set by vite.config.ts from package.json: the release this build is. */
declare const __APP_VERSION__: string;
