// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ErrorBoundary } from '../../../../renderer/shell';

function Bomb({ armed }: { armed: boolean }) {
  if (armed) throw new Error('projection exploded');
  return <p>all good</p>;
}

function Harness() {
  const [armed, setArmed] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setArmed(false)}>
        disarm
      </button>
      <ErrorBoundary area="the graph">
        <Bomb armed={armed} />
      </ErrorBoundary>
    </>
  );
}

describe('error boundary', () => {
  afterEach(() => cleanup());

  it('shows a message instead of a white screen, and recovers on "Try again"', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(<Harness />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Something went wrong in the graph');
    expect(alert.textContent).toContain('projection exploded');
    fireEvent.click(screen.getByText('disarm'));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('all good')).toBeTruthy();
    spy.mockRestore();
  });
});
