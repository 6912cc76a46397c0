import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BundledPlaybook } from '../../shared/playbook';
import { YamlFileError } from '../catalog';
import { resourcesDir } from '../workspace';
import { loadPlaybookFile } from './playbookFile';

// The playbooks shipped with Command Post (resources/playbooks). The console
// publishes one of these by name, never by a path it sends, so a browser
// client cannot make the host read an arbitrary file.

export interface BundledPlaybooks {
  /** By playbook name (the file's `playbook:` field, not its file name). */
  playbooks: Map<string, BundledPlaybook & { text: string }>;
  /** Files that do not parse, each with file, line and what is wrong. */
  problems: string[];
}

export function bundledPlaybooksDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(resourcesDir(env), 'playbooks');
}

export function loadBundledPlaybooks(dir: string = bundledPlaybooksDir()): BundledPlaybooks {
  const playbooks = new Map<string, BundledPlaybook & { text: string }>();
  const problems: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch (err) {
    return { playbooks, problems: [`${dir}: cannot list the bundled playbooks: ${(err as Error).message}`] };
  }
  for (const file of files) {
    try {
      const loaded = loadPlaybookFile(join(dir, file));
      const name = loaded.document.playbook;
      if (playbooks.has(name)) {
        problems.push(`${file}: playbook ${name} is also defined in ${playbooks.get(name)?.file ?? '?'}; the first file wins`);
        continue;
      }
      playbooks.set(name, { file: basename(file), hash: loaded.hash, document: loaded.document, text: loaded.text });
    } catch (err) {
      if (!(err instanceof YamlFileError)) throw err;
      problems.push(err.message);
    }
  }
  return { playbooks, problems };
}
