import { describe, expect, it } from 'vitest';
import { KIND_LABELS, KIND_NAMES, kindLabel } from '../../../../shared/entries';

// Every kind in the catalogue reads in plain words on the timeline. The list
// comes from the catalogue itself, so a new kind without a label fails here
// (and, before that, the compiler refuses KIND_LABELS without it).

describe('kind labels', () => {
  it.each(KIND_NAMES.map((k) => [k]))('%s has a short label in plain words', (kind) => {
    const label = kindLabel(kind);
    expect(label).toBe(KIND_LABELS[kind]);
    expect(label).not.toContain('.');
    expect(label).not.toMatch(/[a-z][A-Z]/); // no camelCase left over
    expect(label).toMatch(/^[A-Z]/);
    expect(label.length).toBeLessThanOrEqual(20);
  });

  it('labels exactly the catalogue, with no two kinds worded alike', () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([...KIND_NAMES].sort());
    expect(new Set(Object.values(KIND_LABELS)).size).toBe(KIND_NAMES.length);
  });

  it('says the examples a commander reads most', () => {
    expect(kindLabel('service.status')).toBe('Service status');
    expect(kindLabel('task.create')).toBe('Task created');
    expect(kindLabel('action.override')).toBe('Break-glass override');
  });

  it('words a kind this build does not know from its name', () => {
    expect(kindLabel('billing.invoiceSent')).toBe('Billing invoice sent');
    expect(kindLabel('x')).toBe('X');
    expect(kindLabel('')).toBe('');
  });
});
