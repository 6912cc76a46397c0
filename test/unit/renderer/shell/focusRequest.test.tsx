// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { useFocusRequest, useShellStore } from '../../../../renderer/shell';
import { useCleanConsole } from '../domMocks';

function Field() {
  const ref = useFocusRequest<HTMLInputElement>('new-task');
  return <input ref={ref} aria-label="Task title" />;
}

describe('useFocusRequest', () => {
  useCleanConsole();

  it('focuses its field when a command asks for it, then clears the one-shot request', () => {
    render(<Field />);
    const field = screen.getByLabelText('Task title');
    act(() => useShellStore.getState().requestFocus('search'));
    expect(document.activeElement).not.toBe(field); // another field's request
    expect(useShellStore.getState().focus).toBe('search');
    act(() => useShellStore.getState().requestFocus('new-task'));
    expect(document.activeElement).toBe(field);
    expect(useShellStore.getState().focus).toBeNull();
  });
});
