import { describe, expect, it } from 'vitest';
import { Pseudonyms, pseudonymiseBody } from '../../../main/journal/pseudonymiseRules';

const KEY = 'A'.repeat(42) + 'E';
const ID = 'ab'.repeat(32);

describe('pseudonymisation rules', () => {
  it('replace every string of a kind without rules, except entry ids; keys become members', () => {
    const p = new Pseudonyms();
    const body = {
      request: ID,
      approver: KEY,
      comment: 'Ping Alex before 5pm',
      service: 'payments-api',
      count: 3,
      ok: true,
      nested: [{ why: 'Alex said so' }],
    };
    expect(pseudonymiseBody('action.request', body, p)).toEqual({
      request: ID,
      approver: 'Member 1',
      comment: 'Text (action.request comment) #1 (redacted, 20 chars)',
      service: 'Text (action.request service) #1 (redacted, 12 chars)',
      count: 3,
      ok: true,
      nested: [{ why: 'Text (action.request nested.why) #1 (redacted, 12 chars)' }],
    });
  });

  it('replace fields a known kind does not list, and are not fooled by prototype names', () => {
    const p = new Pseudonyms();
    expect(pseudonymiseBody('note.add', { text: 'hi', extra: 'Alex', incident: null }, p)).toEqual({
      text: 'Note text #1 (redacted, 2 chars)',
      extra: 'Text (note.add extra) #1 (redacted, 4 chars)',
      incident: null,
    });
    expect(pseudonymiseBody('constructor', { toString: 'Alex' }, p)).toEqual({ toString: 'Text (constructor toString) #1 (redacted, 4 chars)' });
    expect(pseudonymiseBody('note.add', 'a bare string body', p)).toBe('Text (note.add) #1 (redacted, 18 chars)');
  });

  it('number people and texts by first appearance, the same input getting the same pseudonym', () => {
    const p = new Pseudonyms();
    expect([p.member('k1'), p.member('k2'), p.member('k1')]).toEqual(['Member 1', 'Member 2', 'Member 1']);
    expect([p.text('Note text', 'a'), p.text('Note text', 'b'), p.text('Note text', 'a'), p.text('Reason', 'a')]).toEqual([
      'Note text #1 (redacted, 1 chars)',
      'Note text #2 (redacted, 1 chars)',
      'Note text #1 (redacted, 1 chars)',
      'Reason #1 (redacted, 1 chars)',
    ]);
    expect(p.counts).toEqual({ members: 2, texts: 3 });
  });
});
