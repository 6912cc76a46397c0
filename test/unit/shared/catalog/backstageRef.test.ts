import { describe, expect, it } from 'vitest';
import { parseEntityRef, refKey } from '../../../../shared/catalog';

const ok = (text: string, ctx: { defaultKind?: string; defaultNamespace: string }) => {
  const r = parseEntityRef(text, ctx);
  if (!r.ok) throw new Error(r.reason);
  return refKey(r.ref);
};

describe('Backstage entity references', () => {
  it('fills kind and namespace from the context, as @backstage/catalog-model does', () => {
    const ctx = { defaultKind: 'Group', defaultNamespace: 'default' };
    expect(ok('team-a', ctx)).toBe('group:default/team-a');
    expect(ok('user:john.johnson', ctx)).toBe('user:default/john.johnson');
    expect(ok('ops/team-b', ctx)).toBe('group:ops/team-b');
    expect(ok('Component:Prod/Web-Site', ctx)).toBe('component:prod/web-site');
    // The referring entity's namespace is the default, not "default".
    expect(ok('resource:artists-db', { defaultNamespace: 'music' })).toBe('resource:music/artists-db');
  });

  it('reads a colon after the slash as part of the name', () => {
    expect(ok('ns/name:with:colons', { defaultKind: 'api', defaultNamespace: 'default' })).toBe('api:ns/name:with:colons');
  });

  it('refuses a ref without a kind where the field has no default (dependsOn), and empty parts', () => {
    const missing = parseEntityRef('artists-db', { defaultNamespace: 'default' });
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining('has no kind') });
    for (const bad of [':x', 'a:/x', 'a:b/', 'component:']) {
      expect(parseEntityRef(bad, { defaultNamespace: 'default' }).ok, bad).toBe(false);
    }
  });
});
