import { MANIFEST_FILE, MANIFESTS_DIR } from './layout';
import { ArchiveError } from './errors';
import type { ArchiveBucket } from './s3Bucket';
import { keyUnder, s3UrlOf, type S3Target } from './s3Target';

const WORKSPACE_ID = /^[0-9a-f]{32}$/;

/** The manifest to verify, and the folder its segment keys are relative to. */
export interface FoundManifest {
  key: string;
  /** The workspace's folder (`<prefix>/<workspaceId>`); segment keys in the manifest are relative to it. */
  folder: string;
  /** The workspace id the folder is named for, when it is named for one. */
  workspace: string | null;
}

/**
 * What an s3:// URL given to `journal verify` points at:
 * - `…/<workspaceId>`: that workspace's current manifest.json;
 * - `…/<workspaceId>/manifests/<name>.json` (or any `.json`): that very manifest, e.g. an earlier one;
 * - the prefix above the workspace folders: the one workspace archived there (several: an error listing them).
 */
export async function findManifest(bucket: ArchiveBucket, target: S3Target): Promise<FoundManifest> {
  const parts = target.prefix === '' ? [] : target.prefix.split('/');
  if (target.prefix.endsWith('.json')) {
    const folderParts = parts.slice(0, -1);
    if (folderParts.at(-1) === MANIFESTS_DIR) folderParts.pop();
    const last = folderParts.at(-1) ?? '';
    return { key: target.prefix, folder: folderParts.join('/'), workspace: WORKSPACE_ID.test(last) ? last : null };
  }
  const last = parts.at(-1) ?? '';
  if (WORKSPACE_ID.test(last)) return { key: keyUnder(target, MANIFEST_FILE), folder: target.prefix, workspace: last };
  const ids = (await bucket.folders(target.prefix === '' ? '' : `${target.prefix}/`)).filter((id) => WORKSPACE_ID.test(id)).sort();
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) return { key: keyUnder(target, only, MANIFEST_FILE), folder: keyUnder(target, only), workspace: only };
  if (ids.length === 0) {
    throw new ArchiveError(
      'not-found',
      `no archive at ${s3UrlOf(target)}: expected ${s3UrlOf(target, '<workspace id>', MANIFEST_FILE)} (written by journal archive)`,
    );
  }
  throw new ArchiveError(
    'config',
    `${s3UrlOf(target)} holds the archives of ${ids.length} workspaces (${ids.join(', ')}); name one: ${s3UrlOf(target, '<workspace id>')}`,
  );
}
