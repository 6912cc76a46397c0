#!/usr/bin/env node
// The `commandpost` command: runs the built CLI under plain Node.
import { existsSync } from 'node:fs';

const built = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('commandpost: the CLI is not built yet; run `npm run build` (npm ci and npm install do it for you).\n');
  process.exit(1);
}
await import(built.href);
