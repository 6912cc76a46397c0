import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { fitTabs } from './tabFit';

// The side panel's tabs on one row at any width: the tabs that do not fit go
// into a "More" menu (the active tab always stays in the row), instead of
// wrapping onto a second row that pushes the panel down on a projector.

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** The keyboard shortcut, shown in the tooltip and the More menu. */
  key: string;
}

/** Until the More button has been measured: wide enough for "More ▾". */
const MORE_WIDTH_GUESS = 80;

export function TabStrip<T extends string>({
  tabs,
  active,
  onSelect,
  controls,
}: {
  tabs: readonly TabSpec<T>[];
  active: T;
  onSelect: (id: T) => void;
  controls: string;
}) {
  const rowRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const widths = useRef(new Map<T, number>());
  const [available, setAvailable] = useState(0);
  const [moreWidth, setMoreWidth] = useState(MORE_WIDTH_GUESS);
  const [menuOpen, setMenuOpen] = useState(false);
  const [, setMeasured] = useState(0);

  useLayoutEffect(() => {
    const row = rowRef.current;
    if (row === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setAvailable(row.clientWidth));
    observer.observe(row);
    setAvailable(row.clientWidth);
    return () => observer.disconnect();
  }, []);

  // Every rendered tab keeps its natural width up to date; a hidden one keeps its last measurement.
  useLayoutEffect(() => {
    const row = rowRef.current;
    if (row === null) return;
    let changed = false;
    for (const el of row.querySelectorAll<HTMLElement>('[data-tab]')) {
      const id = el.dataset.tab as T;
      if (el.offsetWidth > 0 && widths.current.get(id) !== el.offsetWidth) {
        widths.current.set(id, el.offsetWidth);
        changed = true;
      }
    }
    if (moreRef.current !== null && moreRef.current.offsetWidth > 0 && moreRef.current.offsetWidth !== moreWidth) setMoreWidth(moreRef.current.offsetWidth);
    if (changed) setMeasured((n) => n + 1);
  });

  const measured = available > 0 && tabs.every((t) => widths.current.has(t.id));
  const fit = measured
    ? fitTabs(
        tabs.map((t) => widths.current.get(t.id) ?? 0),
        available,
        moreWidth,
        tabs.findIndex((t) => t.id === active),
      )
    : { visible: tabs.map((_, i) => i), overflow: [] };
  const shown = fit.visible.map((i) => tabs[i]).filter((t): t is TabSpec<T> => t !== undefined);
  const more = fit.overflow.map((i) => tabs[i]).filter((t): t is TabSpec<T> => t !== undefined);

  // The menu closes on a click anywhere else, as menus do.
  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || moreRef.current?.parentElement?.contains(e.target) !== true) setMenuOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [menuOpen]);

  const choose = (id: T) => {
    setMenuOpen(false);
    onSelect(id);
  };

  return (
    <div className="tabs-row" ref={rowRef}>
      <div role="tablist" aria-label="Panels" className="tabs">
        {shown.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            data-tab={t.id}
            aria-selected={active === t.id}
            aria-controls={controls}
            aria-keyshortcuts={t.key}
            title={`${t.label} (${t.key})`}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {more.length > 0 && (
        <div className="tabs-more">
          <button
            ref={moreRef}
            type="button"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            aria-label={`More panels (${more.length})`}
            title={`More panels: ${more.map((t) => t.label).join(', ')}`}
            onClick={() => setMenuOpen((o) => !o)}
          >
            More ▾
          </button>
          {menuOpen && (
            <ul role="menu" aria-label="More panels" className="tabs-menu" onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}>
              {more.map((t) => (
                <li key={t.id} role="none">
                  <button type="button" role="menuitem" onClick={() => choose(t.id)}>
                    {t.label} <kbd>{t.key}</kbd>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
