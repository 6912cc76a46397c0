import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { clockedCli } from './retentionHarness';
import { DEMO_APPROVER_NAME } from '../../../shared/api';

interface DemoIncident {
  people: { name: string }[];
  incident: { title: string; summary: string };
  statuses: { reason: string }[];
  tasks: { title: string }[];
  notes: { text: string }[];
}
const demo = parse(readFileSync(new URL('../../../resources/demo/incident.yaml', import.meta.url), 'utf8')) as DemoIncident;
const CREATOR = 'Priya Natarajan';
const SECRET_NOTE = 'Lena thinks the cert expired; call her on +44 7700 900123';

interface Line {
  pseudonymised?: boolean;
  header: { kind: string; author: string };
  body?: Record<string, unknown>;
}

async function exported() {
  const cli = clockedCli();
  const w = ['--workspace', cli.workspace];
  expect((await cli.run('init', '--demo', '--as', CREATOR, ...w)).code).toBe(0);
  await cli.run('note', 'add', SECRET_NOTE, ...w);
  await cli.run('note', 'add', SECRET_NOTE, ...w);
  const out = join(cli.home, 'shared.jsonl');
  const r = await cli.run('journal', 'export', '--pseudonymise', '--out', out, ...w);
  expect(r.code).toBe(0);
  return { cli, out, stdout: r.stdout, text: readFileSync(out, 'utf8') };
}

describe('commandpost journal export --pseudonymise', () => {
  it('leaves no original name or free text in the file', async () => {
    const { text, stdout } = await exported();
    expect(stdout).toContain('pseudonymised: 7 people');
    const originals = [
      CREATOR,
      DEMO_APPROVER_NAME,
      SECRET_NOTE,
      '+44 7700',
      ...demo.people.map((p) => p.name),
      ...demo.people.map((p) => p.name.split(' ')[1]!),
      demo.incident.title,
      demo.incident.summary.slice(0, 40),
      ...demo.statuses.map((s) => s.reason),
      ...demo.tasks.map((t) => t.title),
      ...demo.notes.map((n) => n.text),
    ];
    for (const original of originals) expect(text, original).not.toContain(original);
    // What is not about people stays: the catalog and the shape of the timeline.
    expect(text).toContain('"name":"Payment Provider Adapter"');
    expect(text).toContain('"status":"down"');
  });

  it('gives the same input the same pseudonym throughout the file, and the same file every time', async () => {
    const { cli, out, text } = await exported();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines[0]).toMatchObject({ format: 'commandpost.pseudonymised-export', verifiable: false });
    const entries = lines.slice(1);
    expect(entries.every((l) => l.pseudonymised === true && !('sig' in l) && !('bodyHash' in l.header))).toBe(true);

    const genesis = entries[0]!;
    expect(genesis.body).toMatchObject({ creator: 'Member 1', creatorName: 'Member 1' });
    expect(entries.every((e) => e.header.author === 'Member 1')).toBe(true);
    const roster = entries.filter((e) => e.header.kind === 'roster.memberPut').map((e) => e.body as { member: string; name: string });
    expect(roster.map((m) => m.name)).toEqual(['Member 2', 'Member 3', 'Member 4', 'Member 5', 'Member 6', 'Member 7']);
    expect(roster.every((m) => m.member === m.name)).toBe(true);
    // Sam Okafor (the first demo person) is assigned a task by key: the same pseudonym.
    const assignees = entries.filter((e) => e.header.kind === 'task.create').map((e) => (e.body as { assignee: unknown }).assignee);
    expect(assignees).toContainEqual({ member: 'Member 2' });
    expect(assignees).toContainEqual({ team: 'payments' });

    const notes = entries.filter((e) => e.header.kind === 'note.add').map((e) => (e.body as { text: string }).text);
    expect(notes.at(-1)).toBe(notes.at(-2));
    expect(notes.at(-1)).toBe(`Note text #${notes.length - 1} (redacted, ${SECRET_NOTE.length} chars)`);

    const again = join(cli.home, 'again.jsonl');
    await cli.run('journal', 'export', '--pseudonymize', '--out', again, '--workspace', cli.workspace);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('is refused by journal verify as a pseudonymised export, with or without its first line; the normal export is untouched', async () => {
    const { cli, out, text } = await exported();
    const refused = await cli.run('journal', 'verify', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('this is a pseudonymised export');
    expect(refused.stderr).toContain('cannot be verified and is no tamper evidence');
    const headless = join(cli.home, 'headless.jsonl');
    writeFileSync(headless, text.slice(text.indexOf('\n') + 1));
    expect((await cli.run('journal', 'verify', headless)).stderr).toContain('this is a pseudonymised export');

    const normal = join(cli.home, 'normal.jsonl');
    await cli.run('journal', 'export', '--out', normal, '--workspace', cli.workspace);
    expect(readFileSync(normal, 'utf8')).toContain(SECRET_NOTE);
    expect((await cli.run('journal', 'verify', normal)).code).toBe(0);
  });
});
