import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../api';
import { useShellStore } from '../shell';
import { selectState, useWorkspaceStore } from '../workspace';
import { allCommands, filterCommands, type Command } from './commands';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Ctrl/Cmd+K anywhere; single-key shortcuts when no text field has focus. */
function useShortcuts(commands: Command[], run: (c: Command) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const s = useShellStore.getState();
        s.setPaletteOpen(!s.paletteOpen);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || useShellStore.getState().paletteOpen) return;
      const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
      const command = commands.find((c) => c.shortcut === key);
      if (command === undefined) return;
      e.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, run]);
}

export function CommandPalette() {
  const client = useApi();
  const state = useWorkspaceStore(selectState);
  const { open } = useShellStore(useShallow((s) => ({ open: s.paletteOpen })));
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const commands = useMemo(() => allCommands(state), [state]);
  const shown = useMemo(() => filterCommands(commands, query), [commands, query]);
  const run = useMemo(() => (c: Command) => c.run({ client, state: useWorkspaceStore.getState().state }), [client]);
  useShortcuts(commands, run);

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setActive(0);
    inputRef.current?.focus();
  }, [open]);

  if (!open) return null;
  const close = () => useShellStore.getState().setPaletteOpen(false);
  const choose = (c: Command | undefined) => {
    if (c === undefined) return;
    close();
    run(c);
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div role="dialog" aria-modal="true" aria-label="Command palette" className="palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={inputRef}
          aria-label="Type a command"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') choose(shown[active]);
            else return;
            e.preventDefault();
          }}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[active] ? `cmd-${shown[active].id}` : undefined}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`cmd-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(c)}
            >
              <span className="cmd-title">{c.title}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
          {shown.length === 0 && <li className="muted">No command matches.</li>}
        </ul>
        <p className="muted palette-hint">↑↓ to move · Enter to run · Esc to close · single-key shortcuts work outside text fields</p>
      </div>
    </div>
  );
}
