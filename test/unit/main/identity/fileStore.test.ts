import { mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptSecretFileError, FileStore, SecretStoreError, WrongPassphraseError } from '../../../../main/identity';

const SECRET = 'dGhpcyBpcyB0aGUgc2VjcmV0IHNlZWQgb2YgYSBkZXZpY2U';

describe('FileStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-filestore-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const store = (passphrase: string | null): FileStore => new FileStore({ dir, passphrase: async () => passphrase });

  it('round-trips secrets across instances, and deletes them', async () => {
    const a = store('correct horse');
    await a.set('device-one', SECRET);
    await a.set('device-two', 'second');
    const b = store('correct horse');
    expect(await b.get('device-one')).toBe(SECRET);
    expect(await b.get('device-two')).toBe('second');
    expect(await b.get('absent')).toBeNull();
    expect(await b.get('constructor')).toBeNull();
    expect(await b.delete('device-one')).toBe(true);
    expect(await b.delete('device-one')).toBe(false);
    expect(await store('correct horse').get('device-one')).toBeNull();
    expect(await store('correct horse').get('device-two')).toBe('second');
  });

  it('keeps concurrent sets from one process', async () => {
    const s = store('pw');
    await Promise.all([s.set('a', '1'), s.set('b', '2'), s.set('c', '3')]);
    expect([await s.get('a'), await s.get('b'), await s.get('c')]).toEqual(['1', '2', '3']);
  });

  it('never writes the secret to disk, uses mode 0600 and leaves no temp files', async () => {
    await store('pw').set('device-x', SECRET);
    const bytes = await readFile(store('pw').file);
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')]) {
      expect(bytes.includes(Buffer.from(form))).toBe(false);
    }
    expect(bytes.includes(Buffer.from('pw"'))).toBe(false);
    const json: unknown = JSON.parse(bytes.toString('utf8'));
    expect(json).toMatchObject({ version: 1, kdf: { name: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 }, cipher: 'aes-256-gcm' });
    expect(Object.keys(json as object).sort()).toEqual(['cipher', 'ciphertext', 'kdf', 'nonce', 'salt', 'tag', 'version']);
    expect((await stat(store('pw').file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.enc.json']);
  });

  it('uses a fresh salt and nonce on every write', async () => {
    const s = store('pw');
    await s.set('a', '1');
    const first = JSON.parse(await readFile(s.file, 'utf8')) as { salt: string; nonce: string };
    await s.set('a', '1');
    const second = JSON.parse(await readFile(s.file, 'utf8')) as { salt: string; nonce: string };
    expect(second.salt).not.toBe(first.salt);
    expect(second.nonce).not.toBe(first.nonce);
  });

  it('throws WrongPassphraseError on a wrong passphrase and leaves the file byte-for-byte unchanged', async () => {
    await store('right').set('device-x', SECRET);
    const before = await readFile(store('right').file);
    const wrong = store('wrong');
    await expect(wrong.get('device-x')).rejects.toThrow(WrongPassphraseError);
    await expect(wrong.set('device-y', 'other')).rejects.toThrow(WrongPassphraseError);
    await expect(wrong.delete('device-x')).rejects.toThrow(WrongPassphraseError);
    const error: unknown = await wrong.get('device-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as WrongPassphraseError).message).toMatch(/wrong passphrase for .*secrets\.enc\.json/);
    expect((error as WrongPassphraseError).file).toBe(wrong.file);
    expect(await readFile(wrong.file)).toEqual(before);
    expect(await store('right').get('device-x')).toBe(SECRET);
  });

  it('reports a truncated file as CorruptSecretFileError naming it, and leaves it unchanged', async () => {
    const s = store('pw');
    await s.set('device-x', SECRET);
    await truncate(s.file, 40);
    const before = await readFile(s.file);
    const error: unknown = await s.get('device-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptSecretFileError);
    expect((error as Error).message).toContain(s.file);
    await expect(s.set('device-y', 'v')).rejects.toThrow(CorruptSecretFileError);
    expect(await readFile(s.file)).toEqual(before);
  });

  it('reports a well-formed JSON file with bad fields as corrupt', async () => {
    const s = store('pw');
    await s.set('device-x', SECRET);
    const parsed = JSON.parse(await readFile(s.file, 'utf8')) as Record<string, unknown>;
    await writeFile(s.file, JSON.stringify({ ...parsed, nonce: 'AAAA' }));
    await expect(s.get('device-x')).rejects.toThrow(/wrong length/);
    await writeFile(s.file, JSON.stringify({ ...parsed, kdf: { name: 'scrypt', N: 2 ** 30, r: 8, p: 1, keyLength: 32 } }));
    await expect(s.get('device-x')).rejects.toThrow(CorruptSecretFileError);
    await writeFile(s.file, '');
    await expect(s.get('device-x')).rejects.toThrow(CorruptSecretFileError);
  });

  it('detects tampering with the ciphertext as an authentication failure', async () => {
    const s = store('pw');
    await s.set('device-x', SECRET);
    const parsed = JSON.parse(await readFile(s.file, 'utf8')) as { ciphertext: string };
    const ct = Buffer.from(parsed.ciphertext, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    await writeFile(s.file, JSON.stringify({ ...parsed, ciphertext: ct.toString('base64') }));
    await expect(s.get('device-x')).rejects.toThrow(WrongPassphraseError);
  });

  it('probe() says how to supply a passphrase when none can be obtained', async () => {
    expect(await store(null).probe()).toMatch(/set COMMANDPOST_PASSPHRASE or run in a terminal/);
    expect(await store('').probe()).toMatch(/COMMANDPOST_PASSPHRASE/);
    expect(await store('pw').probe()).toBeNull();
    await expect(store(null).set('a', 'b')).rejects.toThrow(SecretStoreError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('asks the passphrase source once per instance', async () => {
    let asked = 0;
    const s = new FileStore({ dir, passphrase: async () => (asked++, 'pw') });
    await s.probe();
    await s.set('a', '1');
    await s.get('a');
    expect(asked).toBe(1);
  });
});
