import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The footer names the release (package.json) and the build: the commit it was built from, or
// SIMPLECOIN_BUILD_ID (the update-flow test serves a second build of the same sources this way).
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
function commitId(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `built ${new Date().toISOString().slice(0, 16)}Z`;
  }
}
const buildId = process.env.SIMPLECOIN_BUILD_ID ?? commitId();

export default defineConfig({
  define: { __BUILD_ID__: JSON.stringify(buildId), __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    svelte(),
    VitePWA({
      // 'prompt': a new service worker waits until the user accepts the update.
      registerType: 'prompt',
      // Registered from our own module (main.ts): the CSP allows no inline script.
      injectRegister: null,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'SimpleCoin',
        short_name: 'SimpleCoin',
        description: 'A cryptocurrency where every browser tab is a full node.',
        theme_color: '#0f766e',
        background_color: '#f8fafc',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell, the miner's worker and its WebAssembly kernel.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/peerjs/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    // One hashed name per asset so the server can mark them immutable.
    assetsDir: 'assets',
  },
  worker: { format: 'es' },
});
