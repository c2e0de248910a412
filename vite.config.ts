import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  build: {
    target: 'es2022',
    sourcemap: true,
    // One hashed name per asset so the server can mark them immutable.
    assetsDir: 'assets',
  },
  worker: { format: 'es' },
});
