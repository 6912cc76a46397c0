import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../../main/crypto';
import { signEntry, signTrailer, trailerLineText, type Entry, type Heads, type Signer } from '../../../shared/journal';
import { canonicalJson } from '../../../shared/canonical';
import { T0, cleanupTempDirs, createWorkspace, exportWires, newSigner, tempDir, verifyFile } from './helpers';

// Five tampered exports that an independent verifier, written from
// docs/journal-format.md alone, rejects: each must fail `journal verify` too.
// Where an attacker who is a member could re-sign the trailer, the test does
// so, so that only the check under test stands between the file and "OK".

afterAll(cleanupTempDirs);

interface Scene {
  /** The export of workspace A, without its trailer line. */
  lines: string[];
  trailer: string;
  ws: string;
  admin: Signer;
  /** A responder in A (and in B), whose key the attacker holds. */
  member: Signer;
  /** A note by `member` in workspace B, validly signed, seq 1. */
  foreignNote: Entry;
  /** The export line of a note whose redaction was accepted, and that note's body. */
  redacted: { index: number; body: { text: string } };
  adminHead: Entry;
}

let scene: Scene;

beforeAll(async () => {
  const a = createWorkspace('Workspace A');
  const member = newSigner().signer;
  a.ws.append('roster.memberPut', { member: member.publicKey, name: 'Rui Responder', roles: ['responder'], teams: [] });
  a.clock.advance(1000);
  a.ws.append('note.add', { text: 'EU checkout errors at 4%' });
  const secret = { text: 'Called Jane Doe on +44 7700 900123' };
  const note = a.ws.append('note.add', secret);
  a.ws.append('journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
  a.clock.advance(1000);
  const adminHead = a.ws.append('note.add', { text: 'Mitigated: traffic shifted to the US acquirer' });

  const b = createWorkspace('Workspace B');
  b.ws.append('roster.memberPut', { member: member.publicKey, name: 'Rui Responder', roles: ['responder'], teams: [] });
  const foreignNote = signEntry(
    nodeCrypto,
    member,
    { ws: b.ws.id, seq: 1, prev: null, hlc: { wall: T0 + 5000, count: 0 }, kind: 'note.add' },
    { text: 'B only' },
  );
  expect(b.ws.import([{ id: foreignNote.id, header: foreignNote.header, sig: foreignNote.sig, body: foreignNote.body }]).refused).toEqual([]);

  const { file } = await exportWires(a.ws.store);
  const all = readFileSync(file, 'utf8').split('\n');
  expect(all.pop()).toBe('');
  const trailer = all.pop()!;
  const index = all.findIndex((l) => l.includes(`"id":"${note.id}"`));
  expect(all[index]).toContain('"redactedBy"');
  scene = { lines: all, trailer, ws: a.ws.id, admin: a.signer, member, foreignNote, redacted: { index, body: secret }, adminHead };
  a.ws.close();
  b.ws.close();
  // Control: the untouched export verifies.
  expect((await verifyFile(file)).failures).toEqual([]);
});

/** The trailer an exporter holding `signer` would write for these entry lines. */
function resign(lines: readonly string[], signer: Signer): string {
  const heads: Heads = {};
  for (const l of lines) {
    const e = JSON.parse(l) as { id: string; header: { author: string; seq: number } };
    const h = heads[e.header.author];
    if (h === undefined || e.header.seq > h.seq) heads[e.header.author] = { seq: e.header.seq, id: e.id };
  }
  return trailerLineText(signTrailer(signer, { ws: scene.ws, exportedAt: T0, entries: lines.length, heads }));
}

function lineOf(e: Entry): string {
  return `{"id":"${e.id}","header":${canonicalJson(e.header)},"sig":"${e.sig}","body":${canonicalJson(e.body)}}`;
}

const written = new Map<string, string>();

function write(name: string, lines: readonly string[]): string {
  const file = join(tempDir('cp-tamper-'), `${name}.jsonl`);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  written.set(name, file);
  return file;
}

async function failuresOf(file: string, opts = {}): Promise<string[]> {
  const report = await verifyFile(file, opts);
  expect(report.stateHash).toBeNull();
  return report.failures.map((f) => f.reason);
}

describe('journal verify rejects tampered exports', () => {
  it('1. a validly signed note from another workspace, appended (trailer re-signed by a member)', async () => {
    const lines = [...scene.lines, lineOf(scene.foreignNote)];
    const file = write('foreign-workspace', [...lines, resign(lines, scene.member)]);
    const reasons = await failuresOf(file);
    expect(reasons).toEqual([`entry belongs to workspace ${scene.foreignNote.header.ws}, not to this journal's workspace ${scene.ws}`]);
  });

  it('2. a chain whose hlc goes backwards (seq 2 before seq 1), validly signed by a member', async () => {
    const first = signEntry(
      nodeCrypto,
      scene.member,
      { ws: scene.ws, seq: 1, prev: null, hlc: { wall: T0 + 90_000, count: 0 }, kind: 'note.add' },
      { text: 'later' },
    );
    const second = signEntry(
      nodeCrypto,
      scene.member,
      { ws: scene.ws, seq: 2, prev: first.id, hlc: { wall: T0 + 60_000, count: 3 }, kind: 'note.add' },
      { text: 'earlier?' },
    );
    const lines = [...scene.lines, lineOf(second), lineOf(first)];
    const file = write('hlc-backwards', [...lines, resign(lines, scene.member)]);
    expect(await failuresOf(file)).toEqual([`hlc does not increase along the chain: seq 2 has (${T0 + 60_000}, 3), not after seq 1's (${T0 + 90_000}, 0)`]);
  });

  it('3. a line with two body members (the forged one first), and one with a duplicated header member', async () => {
    const i = scene.lines.findIndex((l) => l.includes('EU checkout errors at 4%'));
    const original = scene.lines[i]!;
    const forgedBody = original.replace(',"body":', ',"body":{"text":"EU checkout fine"},"body":');
    const file = write('duplicate-body', [...scene.lines.slice(0, i), forgedBody, ...scene.lines.slice(i + 1), scene.trailer]);
    // The refused line is missing from its author's chain, so a gap is reported too.
    expect(await failuresOf(file)).toContainEqual(expect.stringMatching(/^not valid JSON \(duplicate member name "body" \(column \d+\)\)/));

    // Escaped names are the same name, and duplicates nested in the header count too.
    const nested = original.replace('"header":{"author"', '"header":{"s\\u0065q":99,"author"');
    const file2 = write('duplicate-header-member', [...scene.lines.slice(0, i), nested, ...scene.lines.slice(i + 1), scene.trailer]);
    expect(await failuresOf(file2)).toContainEqual(expect.stringMatching(/^not valid JSON \(duplicate member name "seq"/));
  });

  it('4. the body of an entry whose redaction was accepted, put back (trailer untouched: counts and heads still match)', async () => {
    const { index, body } = scene.redacted;
    const restored = scene.lines[index]!.replace(/"redactedBy":"[0-9a-f]{64}"/, `"body":${canonicalJson(body)}`);
    const file = write('redacted-body-restored', [...scene.lines.slice(0, index), restored, ...scene.lines.slice(index + 1), scene.trailer]);
    expect(await failuresOf(file)).toEqual([expect.stringMatching(/^body is still present, but redaction [0-9a-f]{64} was accepted/)]);
  });

  it("5. truncation: the admin's newest entry dropped, with the exporter's trailer kept", async () => {
    const lines = scene.lines.filter((l) => !l.includes(scene.adminHead.id));
    expect(lines).toHaveLength(scene.lines.length - 1);
    const file = write('truncated', [...lines, scene.trailer]);
    const reasons = await failuresOf(file);
    const n = scene.lines.length;
    expect(reasons).toEqual([
      `trailer: trailer says the export holds ${n} entries, but the file holds ${n - 1}: entries were added or removed`,
      expect.stringMatching(
        new RegExp(
          `^trailer: author ${scene.admin.publicKey}: trailer says the chain ends at seq ${scene.adminHead.header.seq} \\(entry ` +
            `${scene.adminHead.id}\\), but the file's ends at seq ${scene.adminHead.header.seq - 1}`,
        ),
      ),
    ]);
  });

  it('5b. the trailer: required, signed by an active member, last, and its signature checked', async () => {
    const untrailed = write('untrailed', scene.lines);
    expect(await failuresOf(untrailed)).toEqual([expect.stringMatching(/^no export trailer \(the signed last line\).*--allow-untrailed/)]);
    const accepted = await verifyFile(untrailed, { allowUntrailed: true });
    expect(accepted.failures).toEqual([]);
    expect(accepted.notes).toEqual([expect.stringMatching(/no export trailer: accepted \(--allow-untrailed\)/)]);

    const outsider = newSigner().signer;
    const byOutsider = write('trailer-by-outsider', [...scene.lines, resign(scene.lines, outsider)]);
    expect(await failuresOf(byOutsider)).toEqual([
      `trailer: trailer is signed by ${outsider.publicKey}, which is not an active roster member at the end of the journal`,
    ]);

    const edited = scene.trailer.replace(/"entries":(\d+)/, (_, n: string) => `"entries":${Number(n) - 1}`);
    const forged = write('trailer-edited', [...scene.lines.slice(0, -1), edited]);
    expect(await failuresOf(forged)).toEqual([`trailer: bad signature by ${scene.admin.publicKey}`]);

    const after = write('line-after-trailer', [...scene.lines.slice(0, -1), scene.trailer, scene.lines.at(-1)!]);
    const reasons = await failuresOf(after);
    expect(reasons).toContainEqual(`line ${scene.lines.length + 1} follows the trailer (line ${scene.lines.length}); nothing may follow it`);
  });

  it('6. a roster key in non-canonical base64url (two texts for one key)', async () => {
    const key = scene.member.publicKey;
    const last = key.at(-1)!;
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sloppy = key.slice(0, -1) + B64[B64.indexOf(last) + 1]!; // same 32 bytes, stray low bit set
    const head = scene.adminHead;
    const put = signEntry(
      nodeCrypto,
      scene.admin,
      { ws: scene.ws, seq: head.header.seq + 1, prev: head.id, hlc: { wall: head.header.hlc.wall + 1, count: 0 }, kind: 'roster.memberPut' },
      { member: sloppy, name: 'Rui again', roles: ['admin'], teams: [] },
    );
    const lines = [...scene.lines, lineOf(put)];
    const file = write('non-canonical-key', [...lines, resign(lines, scene.admin)]);
    expect(await failuresOf(file)).toEqual([`member "${sloppy}" is not a canonical base64url Ed25519 public key`]);
  });
});

describe('the built CLI (out/) rejects the same files', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const bin = join(root, 'bin', 'commandpost.js');
  const verify = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, 'journal', 'verify', ...args], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('exits 1 naming the problem for each tampered export, and accepts an untrailed one only with --allow-untrailed', () => {
    expect(existsSync(join(root, 'out', 'main', 'cli.js')), 'out/main/cli.js missing: run `npm run build`').toBe(true);
    const expected: Record<string, RegExp> = {
      'foreign-workspace': /entry belongs to workspace [0-9a-f]{32}, not to this journal's workspace/,
      'hlc-backwards': /hlc does not increase along the chain/,
      'duplicate-body': /duplicate member name "body"/,
      'redacted-body-restored': /body is still present, but redaction [0-9a-f]{64} was accepted/,
      truncated: /trailer: trailer says the export holds \d+ entries, but the file holds \d+/,
      untrailed: /no export trailer/,
    };
    for (const [name, reason] of Object.entries(expected)) {
      const file = written.get(name);
      expect(file, `${name} was not written by the tests above`).toBeDefined();
      const r = verify(file!);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(reason);
      expect(r.stderr, name).toContain('verification FAILED');
    }
    const allowed = verify(written.get('untrailed')!, '--allow-untrailed');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('note: no export trailer: accepted (--allow-untrailed)');
    expect(allowed.stdout).toMatch(/OK: \d+ entries/);
  });
});
