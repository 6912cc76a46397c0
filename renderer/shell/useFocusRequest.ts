import { useEffect, useRef } from 'react';
import { useShellStore, type FocusTarget } from './store';

/**
 * A ref for the field a command (palette, shortcut) may ask to focus: when
 * the shell's one-shot focus request names `target`, the field takes focus
 * and the request is cleared.
 */
export function useFocusRequest<T extends HTMLElement>(target: Exclude<FocusTarget, null>) {
  const ref = useRef<T>(null);
  const focus = useShellStore((s) => s.focus);
  useEffect(() => {
    if (focus !== target) return;
    ref.current?.focus();
    useShellStore.getState().requestFocus(null);
  }, [focus, target]);
  return ref;
}
