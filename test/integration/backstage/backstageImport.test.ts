import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackstageImportError, importBackstage } from '../../../main/catalog';
import { EXAMPLES } from '../../unit/shared/catalog/fixtures';
import { cliSandbox } from '../cli/cliHarness';
import { cleanupTempDirs, createWorkspace, exportWires, tempDir } from '../journal/helpers';
import { verifyEntries } from '../../../main/journal';
import { nodeCrypto } from '../../../main/crypto';

afterEach(cleanupTempDirs);

/** A writable copy of the Backstage examples. */
function examplesCopy(): string {
  const dir = join(tempDir('cp-backstage-'), 'examples');
  cpSync(EXAMPLES, dir, { recursive: true });
  return dir;
}

describe('Backstage import into a workspace', () => {
  it('imports the examples, appends nothing the second time, and only the edge when one dependency changes', async () => {
    const { ws } = createWorkspace();
    const dir = examplesCopy();
    const first = await importBackstage(ws, [dir]);
    expect(first.counts).toEqual({ teams: 3, services: 12, edgesAdded: 15, edgesRemoved: 0 });
    expect(first.skipped).toHaveLength(5);
    expect(ws.state.services['www-artist']).toMatchObject({
      name: 'www-artist',
      description: 'Artist main website · Backstage Component (website, production), system artist-engagement-portal',
    });
    const count = ws.store.count();
    const hash = ws.stateHash();

    const again = await importBackstage(ws, [dir]);
    expect(again.appended).toBe(0);
    expect(ws.store.count()).toBe(count);
    expect(ws.stateHash()).toBe(hash);

    const www = join(dir, 'components', 'www-artist-component.yaml');
    writeFileSync(www, `${readFileSync(www, 'utf8')}  dependsOn:\n    - resource:artists-db\n`);
    const added = await importBackstage(ws, [dir]);
    expect(added.drafts).toEqual([{ kind: 'catalog.edgeAdd', body: { type: 'dependsOn', from: 'www-artist', to: 'artists-db' } }]);
    expect(ws.store.count()).toBe(count + 1);

    // Only the changed file this time: a partial import removes only what that file declared.
    writeFileSync(www, readFileSync(www, 'utf8').replace('resource:artists-db', 'component:artist-lookup'));
    const moved = await importBackstage(ws, [www]);
    expect(moved.drafts.map((d) => d.kind)).toEqual(['catalog.edgeRemove', 'catalog.edgeAdd']);
    expect(Object.keys(ws.state.edges).filter((k) => k.startsWith('dependsOn:www-artist'))).toEqual(['dependsOn:www-artist->artist-lookup']);
    expect(ws.state.edges['dependsOn:system.artist-engagement-portal->artists-db']).toBeDefined();

    const { wires } = await exportWires(ws.store);
    expect(
      verifyEntries(
        nodeCrypto,
        wires.map((wire) => ({ wire })),
      ).failures,
    ).toEqual([]);
    ws.close();
  });

  it('writes nothing when any file is broken, and names file and line', async () => {
    const { ws } = createWorkspace();
    const dir = examplesCopy();
    writeFileSync(
      join(dir, 'systems', 'broken.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: x\nspec:\n  owner: a\n  owner: b\n',
    );
    const count = ws.store.count();
    const err = await importBackstage(ws, [dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackstageImportError);
    expect((err as BackstageImportError).problems).toEqual([
      { file: join(dir, 'systems', 'broken.yaml'), line: 7, message: expect.stringMatching(/^invalid YAML: Map keys must be unique/) },
    ]);
    expect(ws.store.count()).toBe(count);
    ws.close();
  });
});

describe('commandpost catalog import', () => {
  it('reports skipped kinds and notes, dry-runs, and is idempotent', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--workspace', cli.workspace)).code).toBe(0);
    const dry = await cli.run('catalog', 'import', EXAMPLES, '--workspace', cli.workspace, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`skipped: ${join(EXAMPLES, 'acme', 'team-a-group.yaml')}:16: kind User not imported`);
    expect(dry.stdout).toContain('+ edge api.petstore dependsOn petstore');
    expect(dry.stdout).toContain('Dry run: would append 30 entries (3 team(s), 12 service(s), 15 edge(s) added, 0 removed); nothing written.');
    const real = await cli.run('catalog', 'import', EXAMPLES, '--workspace', cli.workspace);
    expect(real.stdout).toContain('Appended 30 entries');
    const again = await cli.run('catalog', 'import', EXAMPLES, '--workspace', cli.workspace);
    expect(again.stdout).toContain('The workspace already matches: nothing to append.');
    const missing = await cli.run('catalog', 'import', join(EXAMPLES, 'nope.yaml'), '--workspace', cli.workspace);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.yaml: cannot read: ENOENT');
  });

  it('refuses a device without the admin or commander role, before signing anything', async () => {
    const admin = cliSandbox();
    await admin.run('init', '--workspace', admin.workspace);
    const responder = cliSandbox();
    await responder.run('init', '--workspace', responder.workspace); // makes its device key
    const key = /public key: (\S+)/.exec((await responder.run('identity', 'show')).stdout)?.[1];
    expect(key).toBeDefined();
    await admin.run('member', 'add', '--key', key!, '--name', 'Rui Responder', '--role', 'responder', '--workspace', admin.workspace);
    const refused = await responder.run('catalog', 'import', EXAMPLES, '--workspace', admin.workspace);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('catalog.teamPut needs one of the roles admin, commander; Rui Responder (this device) has responder');
  });
});
