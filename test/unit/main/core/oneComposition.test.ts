import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `commandpost serve` and the desktop app run one core: main/core's openCore.
// The services it composes are constructed nowhere else (outside their own
// capability folders), and both roads lead to it: serve through startHost,
// the desktop app through its utility process's openDeviceCore.

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const SERVICES: Array<[RegExp, string]> = [
  [/ChangeFeed\.open\(/, 'main/workspace'],
  [/new PeerSync\(/, 'main/sync'],
  [/new DispatchService\(/, 'main/dispatch'],
  [/new ExerciseTicker\(/, 'main/exercise'],
  [/new PlaybookService\(/, 'main/playbook'],
];

const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('one composition of the core', () => {
  it('constructs the change feed, peer sync, dispatcher, ticker and playbook service only in main/core/core.ts', () => {
    const found: string[] = [];
    for (const file of sources('main')) {
      const text = read(file);
      for (const [pattern, home] of SERVICES) {
        if (pattern.test(text) && !file.startsWith(`${home}/`)) found.push(`${file}: ${pattern.source}`);
      }
    }
    expect(found.sort()).toEqual(SERVICES.map(([pattern]) => `main/core/core.ts: ${pattern.source}`).sort());
  });

  it('is what serve (through startHost) and the desktop app (through its core process) open', () => {
    expect(read('main/cli/commands/serve.ts')).toMatch(/startHost\(/);
    expect(read('main/host/server.ts')).toMatch(/openCore\(\{/);
    expect(read('main/core/deviceCore.ts')).toMatch(/openCore\(\{/);
    expect(read('main/core/coreProcess.ts')).toMatch(/openDeviceCore\(/);
    expect(read('main/core/main.ts')).toMatch(/serveCoreProcess\(/);
    // The app never opens a core in its own process: it forks main/core/main.ts (built as out/main/core.js).
    const app = sources('main/app').map(read).join('\n');
    expect(app).not.toMatch(/openCore|openDeviceCore/);
    expect(read('electron.vite.config.ts')).toMatch(/core: resolve\(import\.meta\.dirname, 'main\/core\/main\.ts'\)/);
  });
});
