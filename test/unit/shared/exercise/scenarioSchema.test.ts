import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YamlFileError } from '../../../../main/catalog';
import { loadScenarioFile } from '../../../../main/exercise';
import { parseScenarioText } from '../../../../shared/exercise';

const resources = new URL('../../../../resources', import.meta.url).pathname;
const scenarios = join(resources, 'scenarios');
const base = readFileSync(join(scenarios, 'database-failover-peak.yaml'), 'utf8');

/** Load a variant of the bundled scenario; returns the error it raises. */
function errorOf(text: string): YamlFileError {
  const file = join(mkdtempSync(join(tmpdir(), 'cp-scn-')), 'bad.yaml');
  writeFileSync(file, text);
  try {
    loadScenarioFile(file, resources);
  } catch (err) {
    if (err instanceof YamlFileError) return err;
    throw err;
  }
  throw new Error('expected the scenario to be refused');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('scenario files', () => {
  it('every bundled scenario validates against the demo catalog', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const loaded = loadScenarioFile(join(scenarios, f), resources);
      expect(loaded.scenario.injects.length).toBeGreaterThan(3);
      expect(loaded.scenario.rubric.reduce((s, r) => s + r.points, 0)).toBe(100);
      expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('names the line of a YAML syntax error', () => {
    const bad = base.replace('  - id: db-degraded\n', '  - id: db-degraded\n   broken: [\n');
    const err = errorOf(bad);
    expect(err.line).not.toBeNull();
    expect(err.message).toMatch(/bad\.yaml:\d+: invalid YAML/);
  });

  it('names the line of an inject on an unknown service', () => {
    const bad = base.replace('    service: inventory-service\n', '    service: inventory-servce\n');
    const err = errorOf(bad);
    expect(err.line).toBe(lineOf(bad, 'inventory-servce'));
    expect(err.reason).toBe('injects.7.service: unknown service "inventory-servce" (not in the catalog)');
  });

  it('names the line of an unknown participant, rubric inject and script ref', () => {
    const who = base.replace('    to: commander\n', '    to: comander\n');
    expect(errorOf(who).line).toBe(lineOf(who, 'to: comander'));
    expect(errorOf(who).reason).toContain('unknown participant "comander"');
    const after = base.replace('after: db-down, within: 3m', 'after: db-dwn, within: 3m');
    expect(errorOf(after).reason).toContain('unknown inject "db-dwn"');
    expect(errorOf(after).line).toBe(lineOf(after, 'db-dwn'));
    const ref = base.replace('action: failover-run,', 'action: failover-rn,');
    expect(errorOf(ref).reason).toContain('no earlier action.request step has ref "failover-rn"');
    expect(errorOf(ref).line).toBe(lineOf(ref, 'failover-rn'));
  });

  it('refuses bad durations, late injects and duplicate ids with their lines', () => {
    const dur = base.replace('    at: 22m\n', '    at: 22 minutes\n');
    expect(errorOf(dur).reason).toContain('expected a duration');
    expect(errorOf(dur).line).toBe(lineOf(dur, '22 minutes'));
    const late = base.replace('    at: 22m\n', '    at: 45m\n');
    expect(errorOf(late).reason).toContain('after the scenario ends');
    const dup = base.replace('  - id: db-degraded\n', '  - id: replication-lag\n');
    expect(errorOf(dup).reason).toContain('inject id appears twice');
  });

  it('parses journaled text without file context (what every peer does)', () => {
    expect(parseScenarioText(base).ok).toBe(true);
    const bad = parseScenarioText(base.replace('version: 1', 'version: 2'));
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.reason).toMatch(/^version: /);
  });
});
