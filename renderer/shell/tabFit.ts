// Which side-panel tabs fit on one row and which go into the "More" menu.
// Pure, so the rule is tested without a layout engine: the component measures
// the tabs and the row, and this decides.

export interface TabFit {
  /** Indexes of the tabs shown in the row, in their original order. */
  visible: number[];
  /** Indexes of the tabs in the "More" menu, in their original order. */
  overflow: number[];
}

/**
 * Tabs are kept in priority order (their order in `widths`) while they fit in
 * `available` pixels, leaving `moreWidth` for the menu button once any tab
 * overflows. The active tab is always in the row: when it would overflow, it
 * takes the place of the last tabs that fit.
 */
export function fitTabs(widths: readonly number[], available: number, moreWidth: number, active: number): TabFit {
  const all = widths.map((_, i) => i);
  const total = widths.reduce((a, w) => a + w, 0);
  if (total <= available) return { visible: all, overflow: [] };
  const room = available - moreWidth;
  const visible: number[] = [];
  let used = 0;
  for (const i of all) {
    const w = widths[i] ?? 0;
    if (used + w > room) break;
    visible.push(i);
    used += w;
  }
  if (active >= 0 && active < widths.length && !visible.includes(active)) {
    used += widths[active] ?? 0;
    // Make room for the active tab by dropping the lowest-priority tabs that fit, but never the first.
    while (visible.length > 1 && used > room) used -= widths[visible.pop() ?? 0] ?? 0;
    visible.push(active);
    visible.sort((a, b) => a - b);
  }
  return { visible, overflow: all.filter((i) => !visible.includes(i)) };
}
