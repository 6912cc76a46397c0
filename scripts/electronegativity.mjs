#!/usr/bin/env node
// `npm run lint:electron`: @doyensec/electronegativity over the Electron-facing
// sources (main/app, preload, renderer). Prints every finding and exits
// non-zero on any HIGH or MEDIUM one that is not suppressed below with a reason.
//
// Offline by construction: electronegativity fetches translations from S3 and
// Electron's release list from GitHub at run time (both only nice-to-haves,
// and this machine, like CI, reaches no such host). We run it in-process and
// give it a `got` that refuses at once, so it takes its own "no connectivity"
// path: English messages bundled in the package, and no release-list lookup
// (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK only reports when it has that list;
// keeping Electron current is the lockfile's and `npm audit`'s job).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** What electronegativity scans: everything that runs in or configures an Electron process. */
export const SCAN_DIRS = ['main/app', 'preload', 'renderer'];

/**
 * Findings reviewed and accepted, each with why. A suppression names the
 * check, the file (relative to the repo) and a piece of the flagged source
 * line, so it covers that one call and nothing else: if the code there
 * changes, the finding comes back for review. It never silences a check
 * everywhere. Keep this list short and re-read it when the code moves.
 */
export const SUPPRESSIONS = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/app/lifecycle.ts',
    code: 'shell.openExternal(url)',
    reason:
      'the only caller is the window-open handler of hardenWebContents (main/app/security.ts), which passes a URL on only if isSafeExternalUrl says ' +
      'https; tested in test/unit/main/app/lifecycle.test.ts and security.test.ts',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/app/window.ts',
    code: 'preload: opts.preload',
    reason:
      'a "review the preload" reminder raised for any preload: ours (preload/index.ts) exposes three named functions only, call() limited to the ' +
      'contract methods, onStateChanged() and onSyncChanged(), never ipcRenderer; tested in test/unit/main/app/preloadBridge.test.ts',
  },
];

function offlineGot() {
  const refuse = () => Promise.reject(new Error('network disabled for the electronegativity scan'));
  const got = Object.assign(refuse, { head: refuse, get: refuse, stream: refuse });
  const gotPath = require.resolve('got', { paths: [require.resolve('@doyensec/electronegativity/package.json')] });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: got };
}

function sourceLine(file, line) {
  try {
    return readFileSync(resolve(root, file), 'utf8').split('\n')[line - 1] ?? '';
  } catch {
    return '';
  }
}

function suppressionFor(finding) {
  return SUPPRESSIONS.find((s) => s.check === finding.id && s.file === finding.file && sourceLine(finding.file, finding.line).includes(s.code)) ?? null;
}

/**
 * One scan over all SCAN_DIRS together: the global checks (navigation limits,
 * permission handler, CSP) judge the app as a whole, so the folders are copied
 * side by side into a temp dir (the scanner takes one input) and scanned once.
 */
async function scan() {
  const input = mkdtempSync(join(tmpdir(), 'cp-electronegativity-'));
  const run = require('@doyensec/electronegativity/dist/runner.js');
  // The runner prints a progress line or two of its own; keep its console.log out of our report.
  const log = console.log;
  console.log = () => undefined;
  try {
    for (const dir of SCAN_DIRS) cpSync(resolve(root, dir), join(input, dir), { recursive: true });
    const electronVersion = require('electron/package.json').version;
    const result = await run({ input, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [], parserPlugins: [] });
    return { ...result, input };
  } finally {
    console.log = log;
  }
}

async function main() {
  offlineGot();
  const findings = [];
  const parseErrors = [];
  const { issues, errors, input } = await scan();
  try {
    for (const e of errors) if (!e.tolerable) parseErrors.push(`${relative(input, e.file)}: ${e.message}`);
    for (const issue of issues) {
      findings.push({
        id: issue.id,
        file: issue.file === 'N/A' ? 'N/A' : relative(input, issue.file),
        line: issue.location.line,
        column: issue.location.column,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        manualReview: issue.manualReview === true,
        description: issue.description,
      });
    }
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
  let failing = 0;
  for (const f of findings) {
    const s = suppressionFor(f);
    const blocking = s === null && (f.severity === 'HIGH' || f.severity === 'MEDIUM');
    if (blocking) failing += 1;
    const tag = s !== null ? `suppressed: ${s.reason}` : blocking ? 'BLOCKING' : 'ok';
    console.log(
      `${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id}  ${f.file}:${f.line}:${f.column}${f.manualReview ? ' (review)' : ''}\n    ` +
        `${f.description}\n    [${tag}]`,
    );
  }
  for (const e of parseErrors) console.log(`PARSE ERROR ${e}`);
  console.log(
    `electronegativity: ${findings.length} finding(s) in ${SCAN_DIRS.join(', ')}; ${failing} high/medium unsuppressed; ${parseErrors.length} ` +
      `file(s) not parsed`,
  );
  // A file the scanner cannot parse is a file it did not check: that fails too.
  process.exit(failing > 0 || parseErrors.length > 0 ? 1 : 0);
}

await main();
