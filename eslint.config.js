import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

// The layers of src/, and who may import whom (docs/ARCHITECTURE.md):
// ui -> app -> node -> {storage, net, workers} -> core. Core imports only core, @noble/@scure and siphash (pure).
// lab (the attack lab's attacker tooling) sits beside node: it drives a node, a node never imports it.
const layers = ['core', 'storage', 'net', 'workers', 'node', 'lab', 'app', 'ui'];
const mayImport = {
  core: ['core'],
  storage: ['storage', 'core'],
  net: ['net', 'core'],
  workers: ['workers', 'core'],
  node: ['node', 'storage', 'net', 'workers', 'core'],
  lab: ['lab', 'node', 'net', 'core'],
  app: ['app', 'lab', 'node', 'core'],
  ui: ['ui', 'app', 'core'],
};
const coreExternal = ['@noble/hashes', '@noble/secp256k1', '@scure/base', '@scure/bip39', 'siphash'];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'bench/results/', 'dev-dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers.map((type) => ({ type, pattern: `src/${type}` })),
      'import/resolver': { node: { extensions: ['.ts', '.js', '.svelte'] } },
    },
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          checkAllOrigins: true,
          policies: [
            ...layers.map((from) => ({
              from: { element: { type: from } },
              allow: { to: { element: { types: { anyOf: mayImport[from] } } } },
            })),
            // Outside packages: anyone but core may use them; core only the crypto/encoding ones.
            { from: { element: { type: '!core' } }, allow: { to: { module: { origin: 'external' } } } },
            { from: { element: { type: '!core' } }, allow: { to: { module: { origin: 'core' } } } },
            ...coreExternal.map((source) => ({
              from: { element: { type: 'core' } },
              allow: { to: { module: { origin: 'external', source: `${source}{,/**}` } } },
            })),
          ],
        },
      ],
    },
  },
  {
    // The phrase codec carries the BIP39 word list (~6 KB gzipped), not needed at startup: the app
    // loads it with import() when a phrase is shown or restored (node/wallet.ts), so no static import.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/wallet/phrase', '@scure/bip39', '@scure/bip39/**'], allowTypeImports: true, message: 'Load the phrase codec on demand: import() it, or take the light half from core/wallet/phrase-words.' }] },
      ],
    },
  },
  {
    // Benchmarks keep their own timing probes on window; they reach the node through the typed
    // automation interface (src/app/automation.ts) like the e2e tests.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // e2e tests drive the page only through the typed automation interface (tests/e2e/automation.d.ts).
    files: ['tests/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // src/core is pure: no DOM, no clock, no randomness. Time and randomness are passed in.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'fetch', 'self', 'performance', 'setTimeout', 'setInterval', 'crypto'].map(
          (name) => ({ name, message: 'src/core is pure: pass this in from node/.' }),
        ),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core is pure: take the time as a parameter.' },
        { object: 'Math', property: 'random', message: 'src/core is pure: take randomness as a parameter.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'src/core is pure: take the time as a parameter.' }],
    },
  },
);
