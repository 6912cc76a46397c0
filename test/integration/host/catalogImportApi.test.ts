// Backstage import from the console (issue 7): the host takes the files'
// text (never a path), previews, imports all or nothing, names file and line
// for a broken file, skips unknown kinds, and a second import appends nothing.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXAMPLES, exampleFiles } from '../../unit/shared/catalog/fixtures';
import { TestClient, apiUrl, cleanupTempDirs, demoHost, type TestHost } from './hostHarness';

type Report = {
  files: string[];
  imported: number;
  skipped: string[];
  changes: string[];
  appended: number;
  dryRun: boolean;
  counts: { services: number; teams: number };
};

const sources = () => exampleFiles().map((f) => ({ name: f.slice(EXAMPLES.length + 1), text: readFileSync(f, 'utf8') }));

let h: TestHost | null = null;
let client: TestClient | null = null;
afterEach(async () => {
  client?.close();
  await h?.host.close();
  h = null;
  client = null;
});
afterAll(() => cleanupTempDirs());

async function connect(): Promise<TestClient> {
  h = await demoHost({ sync: false });
  client = await TestClient.connect(apiUrl(h.host), { origin: `http://127.0.0.1:${h.host.port}` });
  return client;
}

describe('catalog:import', () => {
  it('previews, imports the Backstage examples, skips unknown kinds, and imports again as a no-op', async () => {
    const c = await connect();
    const before = (await c.value<{ entries: number }>('state:get')).entries;
    const preview = await c.value<Report>('catalog:import', { files: sources(), dryRun: true });
    expect(preview.dryRun).toBe(true);
    expect(preview.appended).toBe(0);
    expect(preview.changes.length).toBeGreaterThan(0);
    expect(preview.changes.some((l) => /^service /.test(l))).toBe(true);
    expect((await c.value<{ entries: number }>('state:get')).entries).toBe(before);

    const done = await c.value<Report>('catalog:import', { files: sources() });
    expect(done.appended).toBe(preview.changes.length);
    expect(done.skipped.join('\n')).toMatch(/kind/i);
    const after = await c.value<{ entries: number; state: { services: Record<string, unknown> } }>('state:get');
    expect(after.entries).toBe(before + done.appended);

    const again = await c.value<Report>('catalog:import', { files: sources() });
    expect(again).toMatchObject({ appended: 0, changes: [] });
    expect((await c.value<{ entries: number }>('state:get')).entries).toBe(after.entries);
  });

  it('refuses a file with broken YAML naming file and line, and writes nothing', async () => {
    const c = await connect();
    const before = (await c.value<{ entries: number }>('state:get')).entries;
    const broken = { name: 'team-a/catalog-info.yaml', text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [unclosed\n' };
    const r = await c.call('catalog:import', { files: [...sources(), broken] });
    if (r.ok) throw new Error('a broken file was imported');
    expect(r.error.code).toBe('bad_request');
    expect(r.error.message).toMatch(/nothing was imported/);
    expect(r.error.message).toMatch(/team-a\/catalog-info\.yaml:\d+/);
    expect((await c.value<{ entries: number }>('state:get')).entries).toBe(before);
  });
});
