import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, ROLES, kindSpec } from '../../../shared/entries';

// docs/journal-format.md must list the roles of every entry kind, as the
// catalogue in shared/entries/ declares them, so that an outsider can
// implement authorization from the doc alone.

const doc = readFileSync(new URL('../../../docs/journal-format.md', import.meta.url), 'utf8');

/** The rows of the *Roles per kind* table: kind → the roles cell. */
function documentedRoles(): Map<string, string> {
  const start = doc.indexOf('### Roles per kind');
  const end = doc.indexOf('\n### ', start + 1);
  expect(start, 'the doc has a "### Roles per kind" section').toBeGreaterThan(-1);
  const rows = new Map<string, string>();
  for (const m of doc.slice(start, end).matchAll(/^\| `([a-zA-Z.]+)` \| ([^|]+) \|$/gm)) {
    expect(rows.has(m[1]!), `${m[1]} is listed twice`).toBe(false);
    rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

describe('docs/journal-format.md, Roles per kind', () => {
  const rows = documentedRoles();

  it('lists exactly the kinds of the catalogue', () => {
    expect([...rows.keys()].sort()).toEqual([...KIND_NAMES].sort());
  });

  it('gives each kind exactly the roles the catalogue allows', () => {
    for (const kind of KIND_NAMES) {
      const spec = kindSpec(kind)!;
      const cell = rows.get(kind);
      if (spec.roles === 'genesis') {
        expect(cell, kind).toMatch(/^nobody: only as the first entry of a new workspace/);
        continue;
      }
      const listed = (cell ?? '').split(',').map((r) => r.trim());
      for (const r of listed) expect(ROLES, `${kind}: ${r} is not a role`).toContain(r);
      expect(listed.sort(), kind).toEqual([...spec.roles].sort());
    }
  });

  it('names every role', () => {
    for (const role of ROLES) expect(doc).toContain(`\`${role}\``);
  });
});
