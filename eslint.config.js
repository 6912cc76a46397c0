// Lint and layering rules. The dependency direction of ARCHITECTURE.md is
// enforced here as errors (never warnings, so they cannot pile up):
//   - only main/app and preload may import 'electron';
//   - shared/ and renderer/ may not import Node built-ins, better-sqlite3, ws or keytar;
//   - renderer/ may not import main/;
//   - shared/ may not import any other folder of ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'ws', 'keytar'];
const electronBan = {
  name: 'electron',
  message: "Only main/app/ and preload/ may import 'electron' (ARCHITECTURE.md, layers).",
};
const nodeBans = [...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({
  name,
  message: `'${name}' needs Node; shared/ and renderer/ must run in a browser.`,
}));
const nodePatternBans = [
  { group: ['node:*'], message: 'Node built-ins are not allowed here: this folder must run in a browser.' },
  { group: ['better-sqlite3/*', 'ws/*', 'keytar/*'], message: 'Node-only packages are not allowed here.' },
];
const ourFolders = (except) =>
  ['main', 'renderer', 'preload', 'shared', 'test']
    .filter((f) => f !== except)
    .flatMap((f) => [`**/${f}/**`, `../${f}/*`, `../../${f}/*`, `../../../${f}/*`, `../../../../${f}/*`]);

/** Rules for a folder whose code must run in a browser, plus which of our folders it may not import (and any other bans). */
function browserSafe(files, folderGlobals, ...bans) {
  return {
    files: [files],
    languageOptions: { globals: { ...folderGlobals } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan, ...nodeBans], patterns: [...nodePatternBans, ...bans] }],
    },
  };
}

const rendererFoldersBan = {
  group: ourFolders('renderer').filter((g) => !g.includes('shared')),
  message: 'renderer/ reaches the core only through the ApiClient (shared/api); never main/ or preload/.',
};
// Stylesheets load once, from the entry point: the UI benchmark and tests import renderer modules under Node, which cannot load CSS.
const cssBan = { group: ['*.css'], message: 'Styles go in renderer/src/styles.css, imported only by renderer/src/main.tsx.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use an injected Clock instead of Date.now() (ARCHITECTURE.md, Clock).',
        },
      ],
    },
  },
  {
    files: ['main/app/**', 'preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  browserSafe('shared/**', globals['shared-node-browser'], {
    group: ourFolders('shared'),
    message: 'shared/ imports nothing of ours outside shared/.',
  }),
  browserSafe('renderer/**', globals.browser, rendererFoldersBan, cssBan),
  browserSafe('renderer/src/main.tsx', globals.browser, rendererFoldersBan),
  {
    // Tests and benchmarks may time things and read the real clock.
    files: ['test/**', 'scripts/**', '*.config.*'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
