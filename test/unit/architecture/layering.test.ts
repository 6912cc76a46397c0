import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The dependency direction of ARCHITECTURE.md is enforced by eslint (run in
// npm test). These cases lint code as if it sat in each folder, so a
// loosened rule fails here and not silently in review.
const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: [string, string, string, boolean][] = [
  ['electron in shared/', 'shared/journal/bad.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
  ['electron in main/journal', 'main/journal/bad.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
  ['electron in renderer/', 'renderer/app/bad.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
  ['electron in main/core (the utility process has no Electron API)', 'main/core/bad.ts', "import { app } from 'electron';\nexport const a = app;\n", false],
  ['electron in main/app', 'main/app/ok.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  ['electron in preload', 'preload/ok.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n", true],
  ['node:fs in shared/', 'shared/bad.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", false],
  ['fs in renderer/', 'renderer/app/bad.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n", false],
  ['better-sqlite3 in shared/', 'shared/bad.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n", false],
  ['ws in renderer/', 'renderer/app/bad.ts', "import WebSocket from 'ws';\nexport const a = WebSocket;\n", false],
  ['main/ from renderer/', 'renderer/app/bad.ts', "import { Workspace } from '../../main/workspace';\nexport const a = Workspace;\n", false],
  ['main/ from shared/', 'shared/state/bad.ts', "import { nodeCrypto } from '../../main/crypto';\nexport const a = nodeCrypto;\n", false],
  ['shared/ from renderer/', 'renderer/app/ok.ts', "import { canonicalJson } from '../../shared/canonical';\nexport const a = canonicalJson;\n", true],
  ['shared/ from main/', 'main/journal/ok.ts', "import { canonicalJson } from '../../shared/canonical';\nexport const a = canonicalJson;\n", true],
  ['a stylesheet import in a renderer module', 'renderer/graph/bad.tsx', "import './graph.css';\nexport const a = 1;\n", false],
  ['the stylesheets in the renderer entry point', 'renderer/app/main.tsx', "import './styles.css';\nexport const a = 1;\n", true],
  ['Date.now() in shared/', 'shared/clock/bad.ts', 'export const t = Date.now();\n', false],
  ['Date.now() in main/', 'main/journal/bad.ts', 'export const t = Date.now();\n', false],
  // Capability rules (eslint/capabilityImports.js): direction between capabilities, and each one through its index.ts.
  ['sync from the journal', 'main/journal/bad.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", false],
  ['the host from the journal', 'main/journal/bad.ts', "import { startHost } from '../host';\nexport const a = startHost;\n", false],
  ['dispatch from identity', 'main/identity/bad.ts', "import { Outbox } from '../dispatch';\nexport const a = Outbox;\n", false],
  ['the app from identity', 'main/identity/bad.ts', "import { startApp } from '../app/lifecycle';\nexport const a = startApp;\n", false],
  ['the host from sync', 'main/sync/bad.ts', "import { startHost } from '../host';\nexport const a = startHost;\n", false],
  ['the app from sync', 'main/sync/bad.ts', "import { CoreSupervisor } from '../app/coreSupervisor';\nexport const a = CoreSupervisor;\n", false],
  ['the renderer from sync', 'main/sync/bad.ts', "import { App } from '../../renderer/app/App';\nexport const a = App;\n", false],
  ['sync from dispatch', 'main/dispatch/bad.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", false],
  ['the CLI from the host', 'main/host/bad.ts', "import { runCli } from '../cli';\nexport const a = runCli;\n", false],
  ['the host (transport) from a capability', 'main/dispatch/bad.ts', "import { startHost } from '../host';\nexport const a = startHost;\n", false],
  ['the API from the journal', 'main/journal/bad.ts', "import { handle } from '../api';\nexport const a = handle;\n", false],
  ['the core from a capability', 'main/playbook/bad.ts', "import { openCore } from '../core';\nexport const a = openCore;\n", false],
  ['the core from the journal', 'main/journal/bad.ts', "import { openCore } from '../core';\nexport const a = openCore;\n", false],
  ['the host from the core', 'main/core/bad.ts', "import { startHost } from '../host';\nexport const a = startHost;\n", false],
  ['the app from the core', 'main/core/bad.ts', "import { startApp } from '../app/lifecycle';\nexport const a = startApp;\n", false],
  ['the core from the host', 'main/host/ok.ts', "import { openCore } from '../core';\nexport const a = openCore;\n", true],
  [
    'the core from the app',
    'main/app/ok.ts',
    "import { CoreSupervisor } from './coreSupervisor';\nimport { openCore } from '../core';\nexport const a = [openCore, CoreSupervisor];\n",
    true,
  ],
  ['federation from sync', 'main/sync/bad.ts', "import { Federation } from '../federation';\nexport const a = Federation;\n", false],
  ['federation from the journal', 'main/journal/bad.ts', "import { Federation } from '../federation';\nexport const a = Federation;\n", false],
  ['the core from federation', 'main/federation/bad.ts', "import { openCore } from '../core';\nexport const a = openCore;\n", false],
  [
    'the workspace from federation (it sees only the sync journal)',
    'main/federation/bad.ts',
    "import { Workspace } from '../workspace';\nexport const a = Workspace;\n",
    false,
  ],
  ['sync from federation', 'main/federation/ok.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", true],
  ['federation from the core', 'main/core/ok.ts', "import { Federation } from '../federation';\nexport const a = Federation;\n", true],
  ['the SIEM stream from the journal', 'main/journal/bad.ts', "import { startSiemForwarding } from '../siem';\nexport const a = startSiemForwarding;\n", false],
  ['the host from the SIEM stream', 'main/siem/bad.ts', "import { startHost } from '../host';\nexport const a = startHost;\n", false],
  ['sync from the archive', 'main/archive/bad.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", false],
  ['the journal from the archive', 'main/archive/ok.ts', "import { exportJsonl } from '../journal';\nexport const a = exportJsonl;\n", true],
  ['the API from the host', 'main/host/ok.ts', "import { handle } from '../api';\nexport const a = handle;\n", true],
  ['a deep import past a capability index', 'main/host/bad.ts', "import { SyncNode } from '../sync/syncNode';\nexport const a = SyncNode;\n", false],
  ['a deep import into shared/', 'renderer/graph/bad.ts', "import { fold } from '../../shared/state/fold';\nexport const a = fold;\n", false],
  ['a capability through its index', 'main/host/ok.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", true],
  ['a file of its own capability', 'main/sync/ok.ts', "import { SyncNode } from './syncNode';\nexport const a = SyncNode;\n", true],
  ['sync from the host', 'main/host/ok.ts', "import { SyncNode } from '../sync';\nexport const a = SyncNode;\n", true],
  ['a dynamic import of node:fs in shared/', 'shared/state/bad.ts', "export const load = () => import('node:fs');\n", false],
  ['a dynamic import of fs in renderer/', 'renderer/graph/bad.ts', "export const load = () => import('fs');\n", false],
  ['Math.random() in main/', 'main/sync/bad.ts', 'export const r = Math.random();\n', false],
  ['Math.random() in shared/', 'shared/state/bad.ts', 'export const r = Math.random();\n', false],
  ['Math.random() in a test', 'test/unit/bad.test.ts', 'export const r = Math.random();\n', false],
  [
    'a file of another shared/ capability, inside shared/ (its capability graph has cycles)',
    'shared/report/ok.ts',
    "import { kindSpec } from '../entries/catalogue';\nexport const a = kindSpec;\n",
    true,
  ],
  ['a line over 160 characters', 'main/sync/bad.ts', `export const long = '${'x'.repeat(170)}';\n`, false],
  ['Math.random() in the one random source', 'main/clock/random.ts', 'export const r = (): number => Math.random();\n', true],
];

describe('layering rules', () => {
  for (const [name, file, code, allowed] of cases) {
    it(`${allowed ? 'allows' : 'forbids'} ${name}`, async () => {
      const found = await problems(file, code);
      if (allowed) expect(found).toEqual([]);
      else expect(found.some((p) => p.startsWith('no-restricted-') || p.startsWith('commandpost/capability-imports') || p.startsWith('max-len'))).toBe(true);
    });
  }
});
