import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExerciseError } from './facilitator';
import { loadScenarioFile, type LoadedScenario } from './scenarioFile';

// The scenarios shipped in resources/scenarios: what the console offers to
// start. A scenario is named by its id (the file is `<id>.yaml`), so a client
// can never make the core read a file of its choosing.

export function scenariosDir(resources: string): string {
  return join(resources, 'scenarios');
}

/** Every bundled scenario, by id; a file that does not load is a packaging bug, so it throws with file and line. */
export function bundledScenarios(resources: string): LoadedScenario[] {
  const dir = scenariosDir(resources);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadScenarioFile(join(dir, f), resources));
}

export function bundledScenario(resources: string, id: string): LoadedScenario {
  const all = bundledScenarios(resources);
  const found = all.find((s) => s.scenario.id === id);
  if (found === undefined) throw new ExerciseError(`no bundled scenario ${JSON.stringify(id)}; bundled: ${all.map((s) => s.scenario.id).join(', ') || 'none'}`);
  return found;
}
