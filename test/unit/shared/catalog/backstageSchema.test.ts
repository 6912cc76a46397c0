import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseCatalogInfo } from '../../../../shared/catalog';
import { BACKSTAGE_FIXTURES, exampleFiles } from './fixtures';
import { parse as parseYamlDocs } from './yamlDocs';

// Our zod schemas must accept what Backstage's own JSON schemas accept and
// refuse what they refuse, for the kinds whose schemas are in the fixtures.
const SCHEMAS = join(BACKSTAGE_FIXTURES, 'schema');
const ajv = new Ajv({ strict: false });
for (const f of [
  'Entity.schema.json',
  'EntityMeta.schema.json',
  'shared/common.schema.json',
  ...readdirSync(join(SCHEMAS, 'kinds')).map((k) => `kinds/${k}`),
]) {
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object);
}
const KINDS = ['Component', 'Resource', 'System', 'Group'] as const;
const kindSchema = (kind: string) => JSON.parse(readFileSync(join(SCHEMAS, 'kinds', `${kind}.v1alpha1.schema.json`), 'utf8')) as { examples: object[] };

function agree(doc: Record<string, unknown>, label: string): boolean {
  const validate = ajv.getSchema(`${String(doc.kind)}V1alpha1`)!;
  const backstage = validate(doc) === true;
  const ours = parseCatalogInfo('doc.yaml', stringify(doc));
  const accepted = ours.entities.length === 1 && ours.errors.length === 0;
  expect(accepted, `${label}: Backstage says ${backstage}, we say ${accepted} (${JSON.stringify(ours.errors)})`).toBe(backstage);
  return backstage;
}

describe('Backstage descriptor schemas', () => {
  it('accept every example of the kinds schemas, as Backstage does', () => {
    for (const kind of KINDS) kindSchema(kind).examples.forEach((ex, i) => expect(agree(ex as Record<string, unknown>, `${kind} example ${i}`)).toBe(true));
  });

  it('accept every fixture document of an imported kind', () => {
    for (const file of exampleFiles()) {
      for (const doc of parseYamlDocs(readFileSync(file, 'utf8'))) {
        if ((KINDS as readonly string[]).includes(String(doc.kind))) expect(agree(doc, file)).toBe(true);
      }
    }
  });

  it('refuse what Backstage refuses: each required field removed, a wrong apiVersion, a wrong type', () => {
    const required: Record<string, string[]> = {
      Component: ['type', 'lifecycle', 'owner'],
      Resource: ['type', 'owner'],
      System: ['owner'],
      Group: ['type', 'children'],
    };
    for (const kind of KINDS) {
      const base = structuredClone(kindSchema(kind).examples[0]) as { spec: Record<string, unknown>; metadata: Record<string, unknown> };
      for (const field of required[kind]!) {
        const doc = structuredClone(base);
        delete doc.spec[field];
        expect(agree(doc as unknown as Record<string, unknown>, `${kind} without spec.${field}`)).toBe(false);
      }
      const badVersion = structuredClone(base) as unknown as Record<string, unknown>;
      badVersion.apiVersion = 'backstage.io/v2';
      expect(agree(badVersion, `${kind} of an unknown apiVersion`)).toBe(false);
      const numericOwner = structuredClone(base);
      numericOwner.spec[required[kind]![0]!] = 3;
      expect(agree(numericOwner as unknown as Record<string, unknown>, `${kind} with a number for a string`)).toBe(false);
    }
  });

  it('apply the name rules Backstage enforces in code (validators), beyond its JSON schema', () => {
    const doc = (name: string, namespace = 'default') =>
      `apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: "${name}"\n  namespace: ${namespace}\nspec:\n  owner: team-a\n`;
    expect(parseCatalogInfo('s.yaml', doc('Artist_Portal.v2')).errors).toEqual([]);
    for (const [name, namespace] of [
      ['not a name!', 'default'],
      ['-leading', 'default'],
      ['x'.repeat(64), 'default'],
      ['ok', 'Upper_Case'],
    ]) {
      expect(parseCatalogInfo('s.yaml', doc(name!, namespace)).errors, `${name} in ${namespace}`).toHaveLength(1);
    }
  });

  it('names file, line and field when a document is refused', () => {
    const text = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: web',
      'spec:',
      '  type: service',
      '  lifecycle: 3',
      '  owner: team-a',
      '',
    ].join('\n');
    const parsed = parseCatalogInfo('web/catalog-info.yaml', text);
    expect(parsed.errors).toEqual([{ file: 'web/catalog-info.yaml', line: 7, message: expect.stringMatching(/^Component web: spec\.lifecycle: .*string/) }]);
  });
});
