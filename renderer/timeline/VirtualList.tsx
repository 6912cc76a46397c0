import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

// A fixed-row-height virtual list: only the rows in view (plus a small
// overscan) are in the DOM, so 100,000 entries cost what 40 do. It keeps the
// reader's place when older rows are prepended and follows the tail when the
// reader is already at the bottom.

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Identity of the first row, to notice rows prepended above the viewport. */
  firstKey: string | null;
  renderRow: (index: number) => ReactNode;
  onNearStart?: () => void;
  label: string;
  overscan?: number;
  /** Used until the container has been measured (and in environments without layout). */
  fallbackHeight?: number;
}

export function VirtualList({ count, rowHeight, firstKey, renderRow, onNearStart, label, overscan = 8, fallbackHeight = 600 }: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(fallbackHeight);
  const prev = useRef({ count: 0, firstKey: null as string | null, atBottom: true });

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight > 0) setHeight(el.clientHeight);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    const before = prev.current;
    if (el !== null) {
      const added = count - before.count;
      if (added > 0 && before.firstKey !== null && firstKey !== before.firstKey) {
        el.scrollTop += added * rowHeight; // rows prepended: keep the same rows in view
      } else if (added > 0 && before.atBottom) {
        el.scrollTop = count * rowHeight; // follow the live tail
      }
      setScrollTop(el.scrollTop);
    }
    prev.current = { ...before, count, firstKey };
  }, [count, firstKey, rowHeight]);

  const onScroll = () => {
    const el = ref.current;
    if (el === null) return;
    setScrollTop(el.scrollTop);
    prev.current.atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
    if (el.scrollTop < rowHeight * 20) onNearStart?.();
  };

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 1}
        className="virtual-row"
        style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}
      >
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={ref} className="virtual-list" role="table" aria-label={label} aria-rowcount={count} onScroll={onScroll} tabIndex={0}>
      <div role="rowgroup" style={{ position: 'relative', height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
