// Flat ESLint config: TypeScript everywhere, Svelte components, Node globals
// for main/CLI/tests, browser globals for the renderer.
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** An import specifier naming Electron or one of its subpaths (electron/main, …). */
const ELECTRON = '^electron(?:/|$)';
/** import('electron') and require('electron'), which no-restricted-imports does not see. */
const dynamicElectron = (message) => [
  { selector: "ImportExpression[source.value=/^electron(\\u002F|$)/]", message },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]", message },
];

/**
 * The layers, encoded so they cannot drift (tests/import/boundaries-lint.test.ts
 * proves each rule fires). Specifiers are matched as written, so a relative
 * one is judged by the folder it climbs into, which depends on how deep the
 * importing file sits: one config object per depth, each knowing how many
 * "../" lead from there to src/ (so the renderer's own ./main.ts is not
 * src/main).
 *
 * boundary('src/main', { into: ['renderer'], … }): nothing in src/main imports src/renderer.
 */
function boundary(folder, { into, message, electron, noBrowserGlobals = false, ignores = [] }) {
  return Array.from({ length: 8 }, (_, depth) => {
    const ups = folder.split('/').length - 1 + depth; // from a file in folder/<depth folders>/ up to src/
    const regex = `^(?:\\.\\./){${ups}}(?:\\.\\./src/)?(?:${into.join('|')})(?:/|$)`;
    const patterns = [{ regex, message }];
    if (electron) patterns.push({ regex: ELECTRON, message: electron });
    return {
      files: [`${folder}/${'*/'.repeat(depth)}*.{ts,svelte}`],
      ignores,
      rules: {
        'no-restricted-imports': ['error', { patterns }],
        ...(electron ? { 'no-restricted-syntax': ['error', ...dynamicElectron(electron)] } : {}),
        ...(noBrowserGlobals ? { 'no-restricted-globals': ['error', ...BROWSER_GLOBALS] } : {}),
      },
    };
  });
}

/**
 * Main's DOM types come with jsdom's (its documents are real DOMs), so the
 * type checker cannot tell a browser global from a jsdom window's member:
 * this rule does. src/shared code takes its document as an argument.
 */
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage'].map((name) => ({
  name,
  message: `${name} is the browser's: main and src/shared run in Node (pass a document in, or use a jsdom window).`,
}));

const MAIN_RENDERER = 'Main and the renderer share code only through src/shared.';
const CORE_ELECTRON = 'The core runs without Electron (CLI, browser host, tests): only src/main/electron imports it.';

export default ts.config(
  { ignores: ['out/', 'node_modules/', 'native/', 'test-results/', 'playwright-report/', 'bench-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}', 'src/renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The browser extension: a web page's globals and the chrome.* APIs (its tsconfig has no Node types).
    files: ['extension/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  ...boundary('src/main', { into: ['renderer'], message: MAIN_RENDERER, electron: CORE_ELECTRON, noBrowserGlobals: true, ignores: ['src/main/electron/**'] }),
  ...boundary('src/main/electron', { into: ['renderer'], message: MAIN_RENDERER, noBrowserGlobals: true }),
  ...boundary('src/renderer', {
    into: ['main', 'preload'],
    message: 'The renderer reaches main only through the contract (src/shared/contract.ts).',
    electron: 'The renderer is sandboxed: Electron reaches it only through the preload bridge.',
  }),
  ...boundary('src/shared', {
    into: ['main', 'renderer', 'preload'],
    message: 'src/shared is imported by every layer and imports none of them.',
    electron: 'src/shared runs in every shell (browser, CLI, Electron): no Electron.',
    noBrowserGlobals: true,
  }),
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // A sandboxed preload can load only Electron's own modules; the rest is bundled from src/shared.
            { regex: '^(?!electron(?:/|$)|\\.)', message: 'The preload imports only electron and src/shared.' },
            { regex: '^\\.\\./(?!shared(?:/|$))', message: 'The preload imports only electron and src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig },
    },
  },
);
