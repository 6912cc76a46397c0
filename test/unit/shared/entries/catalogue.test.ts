import { describe, expect, it } from 'vitest';
import { KIND_NAMES, kindSpec, kinds } from '../../../../shared/entries';
import { DECISION_KINDS, SETUP_KINDS } from '../../../../shared/report/describeEntry';

describe('the entry-kind catalogue', () => {
  it('declares each kind once, under its own name', () => {
    expect(new Set(KIND_NAMES).size).toBe(KIND_NAMES.length);
    expect(Object.keys(kinds).sort()).toEqual([...KIND_NAMES].sort());
    for (const name of KIND_NAMES) expect(kindSpec(name)?.kind).toBe(name);
  });

  it('names kinds by the documented grammar: two lower-camel words joined by a dot', () => {
    for (const name of KIND_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
  });

  it('every kind either sets up the workspace or words its own entries for timelines and reports', () => {
    const silent = KIND_NAMES.filter((k) => kindSpec(k)?.report !== 'setup' && kindSpec(k)?.describe === undefined);
    expect(silent).toEqual([]);
  });

  it('report roles come from the kinds: setup and decision sets are disjoint and not empty', () => {
    expect(SETUP_KINDS.has('workspace.genesis')).toBe(true);
    expect(DECISION_KINDS.has('action.approve')).toBe(true);
    expect([...SETUP_KINDS].filter((k) => DECISION_KINDS.has(k))).toEqual([]);
  });
});
