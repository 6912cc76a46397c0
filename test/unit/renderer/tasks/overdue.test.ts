import { describe, expect, it } from 'vitest';
import { dueLabel, formatMinutes, overdueBy } from '../../../../renderer/tasks/overdue';

const MIN = 60_000;
const NOW = 1_750_000_000_000;

describe('overdue tasks', () => {
  it('is overdue once the due time has passed and the task is not closed', () => {
    expect(overdueBy({ due: NOW - 12 * MIN, status: 'open' }, NOW)).toBe(12 * MIN);
    expect(overdueBy({ due: NOW - 1, status: 'in_progress' }, NOW)).toBe(1);
    expect(overdueBy({ due: NOW - MIN, status: 'blocked' }, NOW)).toBe(MIN);
  });

  it('is not overdue before or at the due time, without one, or when done or cancelled', () => {
    expect(overdueBy({ due: NOW, status: 'open' }, NOW)).toBeNull();
    expect(overdueBy({ due: NOW + MIN, status: 'open' }, NOW)).toBeNull();
    expect(overdueBy({ due: null, status: 'open' }, NOW)).toBeNull();
    expect(overdueBy({ due: NOW - 12 * MIN, status: 'done' }, NOW)).toBeNull();
    expect(overdueBy({ due: NOW - 12 * MIN, status: 'cancelled' }, NOW)).toBeNull();
  });

  it('says how late in whole minutes', () => {
    expect(dueLabel({ due: NOW - 12 * MIN - 59_000, status: 'open' }, NOW)).toEqual({ overdue: true, text: 'Overdue by 12 min' });
    expect(dueLabel({ due: NOW - 30_000, status: 'open' }, NOW)).toEqual({ overdue: true, text: 'Overdue by under 1 min' });
    expect(dueLabel({ due: NOW - 65 * MIN, status: 'open' }, NOW)).toEqual({ overdue: true, text: 'Overdue by 1 h 05 min' });
    expect(dueLabel({ due: NOW + 8 * MIN, status: 'open' }, NOW)).toEqual({ overdue: false, text: 'Due in 8 min' });
    expect(dueLabel({ due: NOW - MIN, status: 'done' }, NOW)).toBeNull();
    expect(dueLabel({ due: null, status: 'open' }, NOW)).toBeNull();
    expect(formatMinutes(120 * MIN)).toBe('2 h 00 min');
  });
});
