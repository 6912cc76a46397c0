import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { archivedSandbox } from './archiveWorkspace';
import { startS3, type TestS3 } from './s3Server';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('journal archive and verify s3://: bad input gets a clear error', () => {
  it('refuses bad URLs, a missing bucket, unknown keys, an unreachable endpoint and a missing archive', async () => {
    const cli = await archivedSandbox(0);
    const archive = (to: string, ...more: string[]) =>
      cli.run('journal', 'archive', '--to', to, '--workspace', cli.workspace, '--endpoint', s3.endpoint, ...more);

    const notS3 = await archive('https://bucket/prefix');
    expect(notS3.code).toBe(2);
    expect(notS3.stderr).toContain('"https://bucket/prefix" is not an s3:// URL: expected s3://BUCKET/PREFIX');
    const badBucket = await archive('s3://Bad_Bucket/prefix');
    expect(badBucket.code).toBe(2);
    expect(badBucket.stderr).toContain('bucket "Bad_Bucket" is not a valid bucket name');
    expect((await archive('s3://bucket/a//b')).stderr).toContain('empty path segment');
    const badEndpoint = await cli.run('journal', 'archive', '--to', `s3://${s3.bucket}/x`, '--workspace', cli.workspace, '--endpoint', 'ftp://host');
    expect(badEndpoint.code).toBe(2);
    expect(badEndpoint.stderr).toContain('--endpoint "ftp://host": expected http(s)://HOST[:PORT]');

    const noBucket = await archive('s3://no-such-bucket/team');
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toContain(`bucket no-such-bucket does not exist at ${s3.endpoint}`);

    // s3rver knows one access key id (S3RVER) and does not check SigV4 signatures: an unknown id is refused, a wrong secret is not.
    const stranger = await archivedSandbox(0, { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN0000', AWS_SECRET_ACCESS_KEY: 'very-secret-value-123' });
    const denied = await stranger.run('journal', 'archive', '--to', `s3://${s3.bucket}/team`, '--workspace', stranger.workspace, '--endpoint', s3.endpoint);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`access denied by ${s3.endpoint}`);
    // The first request is a HEAD, whose 403 carries no reason: the status is all there is to name.
    expect(denied.stderr).toMatch(/for HeadObject s3:\/\/journal-archive\/team\/[0-9a-f]{32}\/segments\/[0-9a-f]{64}\.jsonl: HTTP 403; check the credentials/);
    expect(denied.stderr + denied.stdout).not.toContain('very-secret-value-123');
    expect(denied.stderr + denied.stdout).not.toContain('AKIAUNKNOWN0000');

    // A device that is not a member of the workspace cannot sign a manifest that would verify.
    const outsider = await stranger.run('journal', 'archive', '--to', `s3://${s3.bucket}/team`, '--workspace', cli.workspace, '--endpoint', s3.endpoint);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(
      new RegExp(`this device \\(\\S+\\) is not an active member of workspace ${cli.id}, so the manifest and trailer it signs would not verify`),
    );

    const port = await closedPort();
    const down = await cli.run('journal', 'archive', '--to', `s3://${s3.bucket}/team`, '--workspace', cli.workspace, '--endpoint', `http://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach the S3 endpoint http://127.0.0.1:${port} (ECONNREFUSED)`);

    const nothing = await cli.run('journal', 'verify', `s3://${s3.bucket}/nothing-here`, '--endpoint', s3.endpoint);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain(`no archive at s3://${s3.bucket}/nothing-here: expected s3://${s3.bucket}/nothing-here/<workspace id>/manifest.json`);
    const noManifest = await cli.run('journal', 'verify', `s3://${s3.bucket}/nothing-here/${cli.id}`, '--endpoint', s3.endpoint);
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toContain(`s3://${s3.bucket}/nothing-here/${cli.id}/manifest.json does not exist`);

    // An archive manifest that is not one.
    await s3.overwrite(`broken/${cli.id}/manifest.json`, '{"manifest":{},"manifest":{}}');
    const broken = await cli.run('journal', 'verify', `s3://${s3.bucket}/broken/${cli.id}`, '--endpoint', s3.endpoint);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`s3://${s3.bucket}/broken/${cli.id}/manifest.json is not a valid archive manifest`);
  });

  it('takes keys from --credentials-secret, and never shows them', async () => {
    const cli = await archivedSandbox(0, {});
    const setSecret = async (name: string, value: string) => {
      let out = '';
      const code = await runCli(['connector', 'secret', 'set', name], {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
        env: cli.env,
        stdin: null,
        readInput: async () => `${value}\n`,
      });
      expect(code, out).toBe(0);
    };
    await setSecret('archive-s3', 'S3RVER:a-secret-nobody-may-see');
    await setSecret('wrong-s3', 'AKIAWRONGWRONG:another-secret-to-hide');
    await setSecret('malformed', 'no-colon-here-secret');
    const flags = ['--workspace', cli.workspace, '--endpoint', s3.endpoint];
    const to = `s3://${s3.bucket}/with-secret`;

    const ok = await cli.run('journal', 'archive', '--to', to, ...flags, '--credentials-secret', 'archive-s3');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const verified = await cli.run('journal', 'verify', to, '--endpoint', s3.endpoint, '--credentials-secret', 'archive-s3');
    expect(verified.code).toBe(0);
    const manifest = (await s3.get(`with-secret/${cli.id}/manifest.json`)).toString('utf8');
    for (const text of [ok.stdout, verified.stdout, manifest]) expect(text).not.toContain('a-secret-nobody-may-see');

    const wrong = await cli.run('journal', 'archive', '--to', to, ...flags, '--credentials-secret', 'wrong-s3');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('access denied');
    // verify starts with a GET, whose 403 says why.
    const wrongVerify = await cli.run('journal', 'verify', to, '--endpoint', s3.endpoint, '--credentials-secret', 'wrong-s3');
    expect(wrongVerify.code).toBe(1);
    expect(wrongVerify.stderr).toContain('InvalidAccessKeyId');
    expect(wrongVerify.stderr).not.toContain('another-secret-to-hide');
    expect(wrong.stderr).not.toContain('another-secret-to-hide');
    expect(wrong.stderr).not.toContain('AKIAWRONGWRONG');

    const malformed = await cli.run('journal', 'archive', '--to', to, ...flags, '--credentials-secret', 'malformed');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('secret malformed is not of the form ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN] (its value is not shown)');
    expect(malformed.stderr).not.toContain('no-colon-here-secret');

    const missing = await cli.run('journal', 'archive', '--to', to, ...flags, '--credentials-secret', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no secret nope in');
    expect(missing.stderr).toContain('commandpost connector secret set nope');
  });
});
