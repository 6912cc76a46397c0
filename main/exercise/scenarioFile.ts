import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CatalogFileSchema, YamlFileError, catalogProblem, parseYaml, readYamlFile, type CatalogFile } from '../catalog';
import { scenarioSchema, type Scenario } from '../../shared/exercise';

// A scenario file as the facilitator's device reads it: the exact text (which
// exercise.start journals), its hash, the parsed scenario and the catalog
// and policy it runs against. Every problem names the file and line.

export interface LoadedScenario {
  file: string;
  text: string;
  hash: string;
  scenario: Scenario;
  catalog: CatalogFile;
  policyText: string;
}

const BUNDLED = /^[a-z0-9][a-z0-9-]*$/;

function catalogPath(file: string, ref: string, resources: string): string {
  return ref === 'demo' ? join(resources, 'demo', 'catalog.yaml') : resolve(dirname(file), ref);
}

function policyPath(file: string, ref: string, resources: string): string {
  const bundled = join(resources, 'policies', `${ref}.yaml`);
  return BUNDLED.test(ref) && existsSync(bundled) ? bundled : resolve(dirname(file), ref);
}

export function loadScenarioFile(file: string, resources: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new YamlFileError(file, null, `cannot read: ${(err as Error).message}`);
  }
  // First pass for the catalog reference, second with the catalog's ids so unknown services point at their line.
  const shallow = parseYaml(file, text, scenarioSchema(null));
  const catalogFile = catalogPath(file, shallow.catalog, resources);
  const catalog = readYamlFile(catalogFile, CatalogFileSchema);
  const problem = catalogProblem(catalog);
  if (problem !== null) throw new YamlFileError(catalogFile, null, problem);
  const refs = { services: new Set(catalog.services.map((s) => s.id)), teams: new Set(catalog.teams.map((t) => t.id)) };
  const scenario = parseYaml(file, text, scenarioSchema(refs));
  const policyFile = policyPath(file, scenario.policy, resources);
  let policyText: string;
  try {
    policyText = readFileSync(policyFile, 'utf8');
  } catch (err) {
    throw new YamlFileError(file, null, `policy ${JSON.stringify(scenario.policy)}: cannot read ${policyFile}: ${(err as Error).message}`);
  }
  return { file, text, hash: createHash('sha256').update(text, 'utf8').digest('hex'), scenario, catalog, policyText };
}
