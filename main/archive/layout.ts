// Where things sit under `<prefix>/<workspaceId>/` (docs/archive.md, *Layout*).

/** The newest manifest; rewritten by each run that archives something new. */
export const MANIFEST_FILE = 'manifest.json';
/** Every manifest ever written, each under its own name; never overwritten. */
export const MANIFESTS_DIR = 'manifests';

/** A segment's key relative to the workspace folder: content-addressed, so an upload is idempotent. */
export const segmentKeyOf = (sha256: string): string => `segments/${sha256}.jsonl`;
