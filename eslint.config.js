// Lint and layering rules. The dependency direction of ARCHITECTURE.md is
// enforced here as errors (never warnings, so they cannot pile up):
//   - only main/app and preload may import 'electron';
//   - shared/ and renderer/ may not import Node built-ins, better-sqlite3, ws or keytar;
//   - renderer/ may not import main/;
//   - shared/ may not import any other folder of ours;
//   - capabilities import each other through their index.ts, and only in the
//     allowed direction (eslint/capabilityImports.js, zones below);
//   - no dynamic import of Node built-ins where static ones are banned;
//   - Math.random() only in the one randomness source (main/clock/random.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { capabilityImports } from './eslint/capabilityImports.js';

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
// Who may not import whom (besides the runtime rules above). A capability is a
// top folder of main/, renderer/ or shared/.
// The domain in shared/ is one package whose capabilities depend on each other
// (entries <-> state <-> policy, exercise, playbook: a kind's fold rule needs
// the state, the state is made of kinds). Its files import each other's files
// so that the module graph stays acyclic; through the indexes it would not be,
// and ES modules would meet half-initialised bindings. So within shared/ deep
// imports stay; everyone else goes through a capability's index.ts.
const deepWithin = ['shared/*'];
const zones = [
  {
    from: ['main/journal', 'main/identity', 'main/crypto', 'main/clock'],
    disallow: [
      'main/sync',
      'main/dispatch',
      'main/host',
      'main/core',
      'main/api',
      'main/approvals',
      'main/app',
      'main/cli',
      'main/playbook',
      'main/exercise',
      'main/connectors',
      'main/federation',
      'main/siem',
      'main/archive',
    ],
    message: 'the journal, identity, crypto and clock are the foundation: they know nothing of sync, dispatch, host, app or the CLI.',
  },
  {
    from: ['main/sync'],
    disallow: ['main/host', 'main/core', 'main/app', 'main/cli', 'main/dispatch', 'main/federation'],
    message: 'sync moves entries; the core composes it, not the other way round.',
  },
  {
    from: ['main/federation'],
    disallow: ['main/host', 'main/core', 'main/app', 'main/cli', 'main/dispatch', 'main/api', 'main/workspace'],
    message: 'federation moves entries between rooms through the sync journal; the core composes it.',
  },
  {
    from: ['main/siem', 'main/archive'],
    disallow: ['main/host', 'main/core', 'main/app', 'main/cli', 'main/sync', 'main/federation', 'main/dispatch', 'main/api'],
    message: 'the SIEM stream and the archive read the journal; serve and the CLI start them.',
  },
  {
    from: ['main/dispatch', 'main/connectors'],
    disallow: ['main/sync', 'main/host', 'main/core', 'main/app', 'main/cli'],
    message: 'dispatch and connectors act on the journal, not on sync or the host.',
  },
  {
    from: ['main/*'],
    except: ['main/core', 'main/host', 'main/app', 'main/cli'],
    disallow: ['main/core'],
    message: 'main/core composes the capabilities into the core; only its transports (main/host, main/app) and the CLI open it.',
  },
  {
    from: ['main/*'],
    except: ['main/host', 'main/app', 'main/cli'],
    disallow: ['main/host'],
    message: 'main/host is the transport: it carries the core (main/api and the capabilities) and only the composition roots start it.',
  },
  { from: ['main/*'], except: ['main/app'], disallow: ['main/app'], message: 'only the Electron shell imports main/app.' },
  { from: ['main/*'], except: ['main/cli', 'main/app'], disallow: ['main/cli'], message: 'the CLI is a composition root; nothing imports it.' },
];

const randomBan = {
  selector: "MemberExpression[object.name='Math'][property.name='random']",
  message: 'Use the injected random source (main/clock/random.ts, or a seeded one in tests) instead of Math.random().',
};
const dateNowBan = {
  selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
  message: 'Use an injected Clock instead of Date.now() (ARCHITECTURE.md, Clock).',
};
const dynamicNodeImportBan = {
  selector: 'ImportExpression > Literal[value=/^(node:|fs$|path$|os$|crypto$|child_process$|better-sqlite3$|ws$|keytar$)/]',
  message: 'Node built-ins and Node-only packages are not allowed here, not even by dynamic import(): this folder must run in a browser.',
};

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
      'no-restricted-syntax': ['error', dateNowBan, randomBan, dynamicNodeImportBan],
    },
  };
}

const rendererFoldersBan = {
  group: ourFolders('renderer').filter((g) => !g.includes('shared')),
  message: 'renderer/ reaches the core only through the ApiClient (shared/api); never main/ or preload/.',
};
// Stylesheets load once, from the entry point: the UI benchmark and tests import renderer modules under Node, which cannot load CSS.
const cssBan = { group: ['*.css'], message: 'Styles go in renderer/app/styles.css, imported only by renderer/app/main.tsx.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier formats to 160 columns; this catches what it cannot break (long strings, comments).
      'max-len': ['error', { code: 160 }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan] }],
      'no-restricted-syntax': ['error', dateNowBan, randomBan],
      'commandpost/capability-imports': ['error', { zones, deepWithin }],
    },
    plugins: { commandpost: { rules: { 'capability-imports': capabilityImports } } },
  },
  {
    // The one source of randomness outside tests (jitter for retries and reconnects).
    files: ['main/clock/random.ts'],
    rules: { 'no-restricted-syntax': ['error', dateNowBan] },
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
  browserSafe('renderer/app/main.tsx', globals.browser, rendererFoldersBan),
  {
    // Tests and benchmarks may time things and read the real clock.
    // Tests may also reach into a capability's files (they test its insides).
    files: ['test/**', 'scripts/**', 'eslint/**', '*.config.*'],
    rules: { 'no-restricted-syntax': ['error', randomBan], 'commandpost/capability-imports': 'off' },
  },
  {
    // Tests draw from the one seeded PRNG, so a failing run can be replayed.
    files: ['test/support/seededRandom.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
