import { readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillJson, parsePlaybookText } from '../../../../shared/playbook';
import { YamlFileError } from '../../../../main/catalog';
import { loadPlaybookFile } from '../../../../main/playbook';

const dir = mkdtempSync(join(tmpdir(), 'cp-playbook-'));

function errorOf(text: string): YamlFileError {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, text);
  try {
    loadPlaybookFile(file);
  } catch (err) {
    if (err instanceof YamlFileError) return err;
    throw err;
  }
  throw new Error('expected a YamlFileError');
}

const BASE = `playbook: p
version: 1
title: P
inputs:
  name: { required: true }
steps:
  - id: one
    wait: 1m
`;

describe('playbook files', () => {
  it('every bundled playbook parses, and the five the issue asks for are there', () => {
    const files = readdirSync('resources/playbooks').filter((f) => f.endsWith('.yaml'));
    const names = files.map((f) => loadPlaybookFile(join('resources/playbooks', f)).document.playbook).sort();
    expect(names).toEqual(['failover-database', 'page-owning-team', 'restart-deployment', 'rollback-release', 'scale-out']);
  });

  it('errors name the file, the line and what is wrong', () => {
    expect(errorOf(`${BASE}  - id: two\n    wiat: 1m\n`).message).toMatch(/bad\.yaml:9: steps\.1: Unrecognized key: "wiat"/);
    expect(errorOf(`${BASE}  - id: two\n    wait: 1m\n    task: { title: x }\n`).message).toMatch(
      /bad\.yaml:9: steps\.1: a step has exactly one of .* step two has task and wait/,
    );
    expect(errorOf(`${BASE}  - id: two\n    task: { title: "hello {{nmae}}" }\n`).message).toMatch(
      /bad\.yaml:9: steps\.1: \{\{nmae\}\} is neither an input nor one of service, incident, run/,
    );
    expect(errorOf(`${BASE}  - id: one\n    wait: 2m\n`).message).toMatch(/bad\.yaml:9: steps\.1\.id: step id one is used twice/);
    expect(errorOf(`${BASE}  - id: two\n    wait: 2 days\n`).message).toMatch(/bad\.yaml:10: steps\.1\.wait: expected a duration/);
    expect(errorOf(`${BASE}   bad: [indent\n`).message).toMatch(/bad\.yaml:\d+: invalid YAML/);
  });

  it('the fold reads the same text the same way (no file or line)', () => {
    expect(parsePlaybookText(BASE)).toMatchObject({ ok: true });
    expect(parsePlaybookText(`${BASE}  - id: two\n    wiat: 1m\n`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^steps\.1: Unrecognized key/) });
  });

  it('a parameter that is exactly one placeholder with an integer value becomes a number', () => {
    expect(fillJson({ replicas: '{{n}}', label: 'x{{n}}', nested: ['{{n}}', '{{s}}'] }, { n: '6', s: '07' })).toEqual({
      replicas: 6,
      label: 'x6',
      nested: [6, '07'],
    });
  });
});
