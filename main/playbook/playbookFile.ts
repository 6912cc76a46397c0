import { readFileSync } from 'node:fs';
import { PlaybookFileSchema, playbookHash, type PlaybookDocument } from '../../shared/playbook';
import { parseYaml, YamlFileError } from '../catalog';
import { nodeCrypto } from '../crypto';

// Reading a playbook file: errors carry file, line and what is wrong
// (YamlFileError), checked with the same schema and YAML options as the
// fold, so a file that passes here is accepted by every peer.

export interface LoadedPlaybook {
  file: string;
  text: string;
  hash: string;
  document: PlaybookDocument;
}

export function loadPlaybookFile(file: string): LoadedPlaybook {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new YamlFileError(file, null, `cannot read: ${(err as Error).message}`);
  }
  return { file, text, hash: playbookHash(nodeCrypto, text), document: parseYaml(file, text, PlaybookFileSchema) };
}
