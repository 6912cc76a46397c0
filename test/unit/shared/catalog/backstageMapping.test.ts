import { describe, expect, it } from 'vitest';
import { catalogDrafts, parseCatalogInfo, planBackstageImport, type DesiredCatalog } from '../../../../shared/catalog';
import { edgeKey, emptyState, type EdgeType, type WorkspaceState } from '../../../../shared/state';
import { parseExamples } from './fixtures';

const entity = (kind: string, name: string, spec: string, extra = '') =>
  `---\napiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}spec:\n${spec}`;

const SHOP = [
  entity('Group', 'payments', '  type: team\n  profile:\n    displayName: Payments Team\n    email: payments@example.com\n  children: []\n'),
  entity(
    'Component',
    'checkout',
    '  type: service\n  lifecycle: production\n  owner: payments\n  system: shop\n  consumesApis: [psp-api]\n  dependsOn: [resource:orders-db, ' +
      'component:default/cart]\n',
  ),
  entity('Component', 'psp-adapter', '  type: service\n  lifecycle: production\n  owner: group:default/payments\n  providesApis: [psp-api]\n'),
  entity('API', 'psp-api', '  type: openapi\n  lifecycle: production\n  owner: payments\n  definition: "openapi: 3.0.0"\n'),
  entity('Resource', 'orders-db', '  type: database\n  owner: user:jane.doe\n  system: shop\n'),
  entity('Component', 'cart', '  type: service\n  lifecycle: production\n  owner: payments\n'),
  entity('System', 'shop', '  owner: payments\n  domain: commerce\n'),
  entity('Location', 'more', '  targets: [./other.yaml]\n'),
].join('\n');

function plan(text: string, state: Readonly<WorkspaceState> = emptyState()) {
  const parsed = parseCatalogInfo('catalog-info.yaml', text);
  expect(parsed.errors).toEqual([]);
  return { parsed, plan: planBackstageImport(parsed.entities, state) };
}

const edges = (d: DesiredCatalog) => d.edges.map((e) => `${e.from} ${e.type} ${e.to}`);

describe('Backstage entities to the catalog graph', () => {
  it('maps kinds to services and teams, and relations to edges pointing the way trouble spreads', () => {
    const { parsed, plan: p } = plan(SHOP);
    expect(parsed.skipped).toEqual([{ file: 'catalog-info.yaml', line: expect.any(Number), message: 'kind Location not imported' }]);
    expect(p.errors).toEqual([]);
    expect(p.desired.teams).toEqual([{ id: 'payments', name: 'Payments Team', channel: 'payments@example.com' }]);
    expect(p.desired.services.map((s) => s.id)).toEqual(['checkout', 'psp-adapter', 'api.psp-api', 'orders-db', 'cart', 'system.shop']);
    expect(p.desired.services.find((s) => s.id === 'checkout')!.description).toBe('Backstage Component (service, production), system shop');
    expect(p.desired.services.find((s) => s.id === 'system.shop')!.description).toBe('Backstage System, domain commerce');
    expect(edges(p.desired)).toEqual([
      'checkout ownedBy payments',
      'checkout dependsOn orders-db',
      'checkout dependsOn cart',
      'checkout dependsOn api.psp-api',
      'system.shop dependsOn checkout',
      'psp-adapter ownedBy payments',
      'api.psp-api dependsOn psp-adapter',
      'api.psp-api ownedBy payments',
      'system.shop dependsOn orders-db',
      'cart ownedBy payments',
      'system.shop ownedBy payments',
    ]);
    // A person is no team: reported, no ownership edge.
    expect(p.notes.map((n) => n.message)).toEqual(['spec.owner: user:default/jane.doe is a person; only teams own services here; no owner edge']);
  });

  it('governs the edges its entities declare, and only those', () => {
    const { plan: p } = plan(SHOP);
    const governs = (type: EdgeType, from: string, to: string) => p.desired.governs({ type, from, to });
    expect(governs('dependsOn', 'checkout', 'elsewhere')).toBe(true); // declared by checkout's dependsOn
    expect(governs('ownedBy', 'cart', 'someone')).toBe(true);
    expect(governs('dependsOn', 'system.shop', 'cart')).toBe(true); // declared by cart's spec.system
    expect(governs('dependsOn', 'system.other', 'cart')).toBe(true);
    expect(governs('dependsOn', 'system.shop', 'not-imported')).toBe(false); // that entity's file declares it
    expect(governs('dependsOn', 'api.psp-api', 'other-provider')).toBe(false);
    expect(governs('dependsOn', 'web', 'checkout')).toBe(false); // declared by web
  });

  it('reads the Backstage example files: unknown kinds skipped with their line, owners and APIs created under their ids', () => {
    const { entities, skipped, errors } = parseExamples();
    expect(errors).toEqual([]);
    expect(skipped.map((s) => `${s.file}:${s.line} ${s.message}`)).toEqual(
      [16, 27, 38, 52, 65].map((l) => `acme/team-a-group.yaml:${l} kind User not imported`),
    );
    const p = planBackstageImport(entities, emptyState());
    expect(p.errors).toEqual([]);
    expect(p.imported.map((i) => i.ref).sort()).toEqual([
      'component:default/artist-lookup',
      'component:default/petstore',
      'component:default/wayback-archive',
      'component:default/wayback-archive-ingestion',
      'component:default/wayback-archive-storage',
      'component:default/www-artist',
      'group:default/team-a',
      'resource:default/artists-db',
      'system:default/artist-engagement-portal',
    ]);
    expect(p.desired.teams.map((t) => t.id)).toEqual(['team-a', 'team-c', 'team-d']);
    expect(edges(p.desired)).toContain('api.petstore dependsOn petstore');
    expect(edges(p.desired)).toContain('system.artist-engagement-portal dependsOn artists-db');
    expect(p.notes.find((n) => n.message.includes('team-c'))).toMatchObject({ file: 'components/petstore-component.yaml', line: 14 });
  });

  it('stops on what is ambiguous or broken, naming file, line and field', () => {
    const kindless = parseCatalogInfo(
      'a.yaml',
      entity('Component', 'web', '  type: website\n  lifecycle: production\n  owner: team-a\n  dependsOn:\n    - artists-db\n'),
    );
    expect(planBackstageImport(kindless.entities, emptyState()).errors).toEqual([
      { file: 'a.yaml', line: 11, message: expect.stringMatching(/^spec\.dependsOn\.0: entity reference "artists-db" has no kind/) },
    ]);
    const twice = parseCatalogInfo('b.yaml', [entity('System', 'shop', '  owner: a\n'), entity('System', 'Shop', '  owner: b\n')].join('\n'));
    expect(planBackstageImport(twice.entities, emptyState()).errors[0]!.message).toMatch(/system:default\/shop is defined twice \(also at b.yaml:2\)/);
    const clash = parseCatalogInfo(
      'c.yaml',
      [entity('Component', 'db', '  type: x\n  lifecycle: y\n  owner: a\n'), entity('Resource', 'db', '  type: database\n  owner: a\n')].join('\n'),
    );
    expect(planBackstageImport(clash.entities, emptyState()).errors[0]!.message).toMatch(
      /resource:default\/db and component:default\/db \(c.yaml:2\) would both become service db/,
    );
    const broken = parseCatalogInfo('d.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [unclosed\n');
    expect(broken.errors).toEqual([{ file: 'd.yaml', line: expect.any(Number), message: expect.stringMatching(/^invalid YAML/) }]);
  });

  it('namespaces prefix ids; refs default to the referring entity namespace', () => {
    const text = [
      entity('Component', 'web', '  type: website\n  lifecycle: production\n  owner: team-a\n  dependsOn: [resource:db]\n', '  namespace: music\n'),
      entity('Resource', 'db', '  type: database\n  owner: team-a\n', '  namespace: music\n'),
    ].join('\n');
    const { plan: p } = plan(text);
    expect(edges(p.desired)).toEqual(['music.web ownedBy music.team-a', 'music.web dependsOn music.db', 'music.db ownedBy music.team-a']);
  });
});

describe('catalogDrafts', () => {
  function stateWith(p: DesiredCatalog): WorkspaceState {
    const s = emptyState();
    for (const t of p.teams) s.teams[t.id] = { id: t.id, name: t.name ?? t.id, channel: t.channel ?? '' };
    for (const v of p.services) {
      s.services[v.id] = {
        id: v.id,
        name: v.name,
        description: v.description,
        tier: v.tier ?? null,
        retired: false,
        status: 'unknown',
        statusSince: null,
        statusIncident: null,
        history: [],
      };
    }
    p.edges.forEach((e, i) => (s.edges[edgeKey(e.type, e.from, e.to)] = { ...e, tags: [String(i).padStart(64, '0')] }));
    return s;
  }

  it('is empty when the state already matches, and holds only the changed edges otherwise', () => {
    const first = plan(SHOP).plan;
    expect(catalogDrafts(first.desired, emptyState())).toHaveLength(1 + 6 + 11);
    const state = stateWith(first.desired);
    expect(catalogDrafts(plan(SHOP, state).plan.desired, state)).toEqual([]);
    const changed = SHOP.replace('dependsOn: [resource:orders-db, component:default/cart]', 'dependsOn: [resource:orders-db]');
    expect(catalogDrafts(plan(changed, state).plan.desired, state)).toEqual([
      { kind: 'catalog.edgeRemove', body: { type: 'dependsOn', from: 'checkout', to: 'cart', observed: [expect.any(String)] } },
    ]);
  });

  it('keeps what the catalog does not say: tiers, channels, names of teams only referred to, edges of other entities', () => {
    const { plan: p } = plan(SHOP);
    const state = stateWith(p.desired);
    state.services.checkout!.tier = 1;
    state.teams.payments!.channel = '#payments';
    state.edges[edgeKey('dependsOn', 'web', 'checkout')] = { type: 'dependsOn', from: 'web', to: 'checkout', tags: ['f'.repeat(64)] };
    const noEmail = SHOP.replace('    email: payments@example.com\n', '');
    expect(catalogDrafts(plan(noEmail, state).plan.desired, state)).toEqual([]);
  });
});

describe('documents that are not entities', () => {
  it('are skipped and reported, like unknown kinds; empty documents are ignored', () => {
    const parsed = parseCatalogInfo('compose.yaml', '# just a comment\n---\nservices:\n  web:\n    image: nginx\n---\n');
    expect(parsed).toEqual({
      entities: [],
      errors: [],
      skipped: [{ file: 'compose.yaml', line: 3, message: 'not a Backstage entity (no apiVersion and kind) not imported' }],
    });
    expect(parseCatalogInfo('empty.yaml', '')).toEqual({ entities: [], skipped: [], errors: [] });
  });
});
