import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../main/crypto';
import { manifestSignatureValid, parseManifest } from '../../../main/archive';
import { archivedSandbox } from './archiveWorkspace';
import { startS3, type TestS3 } from './s3Server';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
});

const segmentsPut = (from: number) => s3.puts.slice(from).filter((k) => k.includes('/segments/'));

describe('journal archive to S3-compatible storage', () => {
  it('archives, verifies, names a tampered segment, re-runs idempotently and uploads only what changed', async () => {
    const cli = await archivedSandbox(3_000);
    const flags = ['--workspace', cli.workspace, '--endpoint', s3.endpoint, '--segment-entries', '500'];
    const to = `s3://${s3.bucket}/team-a`;
    const folder = `team-a/${cli.id}`;

    const first = await cli.run('journal', 'archive', '--to', to, ...flags);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Archived 3234 entries of workspace ${cli.id} in 7 segments to s3://${s3.bucket}/${folder}: 7 uploaded, 0 already there.`);
    const keys = await s3.keys(`${folder}/`);
    expect(keys.filter((k) => k.includes('/segments/'))).toHaveLength(7);
    expect(keys.filter((k) => k.includes('/manifests/'))).toHaveLength(1);
    expect(keys).toContain(`${folder}/manifest.json`);

    // The manifest: signed by this device, naming the segments in order; segments + trailer are the export's lines.
    const file = parseManifest((await s3.get(`${folder}/manifest.json`)).toString('utf8'));
    expect(manifestSignatureValid(nodeCrypto, file)).toBe(true);
    const key = /public key: (\S+)/.exec((await cli.run('identity', 'show')).stdout)![1]!;
    expect(file.manifest).toMatchObject({ ws: cli.id, archiver: key, segmentEntries: 500 });
    expect(file.manifest.segments.map((s) => s.entries)).toEqual([500, 500, 500, 500, 500, 500, 234]);
    expect(file.manifest.trailer.trailer).toMatchObject({ ws: cli.id, exporter: key, entries: 3234 });
    const segments = await Promise.all(file.manifest.segments.map((s) => s3.get(`${folder}/${s.key}`)));
    const exported = join(cli.home, 'w.jsonl');
    expect((await cli.run('journal', 'export', '--workspace', cli.workspace, '--out', exported)).code).toBe(0);
    const exportLines = readFileSync(exported, 'utf8').split('\n').slice(0, -2).join('\n') + '\n';
    expect(Buffer.concat(segments).toString('utf8')).toBe(exportLines);

    const verified = await cli.run('journal', 'verify', `s3://${s3.bucket}/${folder}`, '--endpoint', s3.endpoint);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/OK: 3234 entries from 1 author\(s\) verified/);
    expect(verified.stdout).toContain(`Archive: 7 segments, manifest signed by ${key}`);
    // The prefix alone finds the one workspace archived under it.
    expect((await cli.run('journal', 'verify', to, '--endpoint', s3.endpoint)).code).toBe(0);

    // Re-run over the same journal: nothing new goes up, not even a manifest.
    const before = s3.puts.length;
    const again = await cli.run('journal', 'archive', '--to', to, ...flags);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 uploaded, 7 already there.');
    expect(again.stdout).toContain('The manifest already names exactly these segments: none written.');
    expect(s3.puts.length).toBe(before);

    // More entries: only the last segment changes (and one more appears); then a new manifest, the old one kept.
    await cli.append(400, 'later');
    const mark = s3.puts.length;
    const grown = await cli.run('journal', 'archive', '--to', to, ...flags);
    expect(grown.code).toBe(0);
    expect(grown.stdout).toContain('in 8 segments');
    expect(grown.stdout).toContain('2 uploaded, 6 already there.');
    expect(segmentsPut(mark)).toHaveLength(2);
    expect((await s3.keys(`${folder}/manifests/`)).length).toBe(2);
    expect((await cli.run('journal', 'verify', `s3://${s3.bucket}/${folder}`, '--endpoint', s3.endpoint)).stdout).toMatch(/OK: 3634 entries/);
    // The first manifest still verifies, against the segments it named.
    const [oldest] = await s3.keys(`${folder}/manifests/`);
    const old = await cli.run('journal', 'verify', `s3://${s3.bucket}/${oldest}`, '--endpoint', s3.endpoint);
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/OK: 3234 entries/);

    // Someone with write access to the bucket edits one note in segment 3.
    const current = parseManifest((await s3.get(`${folder}/manifest.json`)).toString('utf8')).manifest;
    const third = current.segments[2]!;
    const original = (await s3.get(`${folder}/${third.key}`)).toString('utf8');
    expect(original).toContain('"text":"bulk 1200"');
    await s3.overwrite(`${folder}/${third.key}`, original.replace('"text":"bulk 1200"', '"text":"bulk 1201"'));
    const tampered = await cli.run('journal', 'verify', `s3://${s3.bucket}/${folder}`, '--endpoint', s3.endpoint);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`FAIL segment 3 of 8 (s3://${s3.bucket}/${folder}/${third.key}): its SHA-256 is`);
    expect(tampered.stderr).toContain(`the manifest says ${third.sha256}`);
    // The export verifier names the entry too, and where it sits in the segment.
    expect(tampered.stderr).toMatch(/seq 1435, entry [0-9a-f]{64}: body does not match bodyHash \[segment 3 of 8 \([^)]*\), its line 435\]/);
    expect(tampered.stderr).toMatch(/verification FAILED/);

    // The next archive run notices the damaged copy and replaces it.
    const repair = await cli.run('journal', 'archive', '--to', to, ...flags);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/segment 3 \(500 entries, \d+ bytes\) replaced/);
    expect(repair.stdout).toContain('1 uploaded, 7 already there.');
    expect((await cli.run('journal', 'verify', `s3://${s3.bucket}/${folder}`, '--endpoint', s3.endpoint)).code).toBe(0);
  });
});
