import { describe, expect, it } from 'vitest';
import { FIT_MARGIN, fitPadding, MINIMAP } from '../../../../renderer/graph/minimapFit';

const reserveX = `${MINIMAP.width + MINIMAP.margin + FIT_MARGIN}px`;
const reserveY = `${MINIMAP.height + MINIMAP.margin + FIT_MARGIN}px`;
const m = `${FIT_MARGIN}px`;

/** Where the graph's box lands after React Flow's fit with `padding` (its getViewportForBounds rule), in canvas pixels. */
function fitted(graph: { width: number; height: number }, canvas: { width: number; height: number }) {
  const p = fitPadding(graph, canvas, true);
  const n = (v: string) => Number(v.replace('px', ''));
  const zoom = Math.min((canvas.width - n(p.left) - n(p.right)) / graph.width, (canvas.height - n(p.top) - n(p.bottom)) / graph.height);
  let x = canvas.width / 2 - (graph.width / 2) * zoom;
  let y = canvas.height / 2 - (graph.height / 2) * zoom;
  x -= Math.max(0, n(p.right) - (canvas.width - x - graph.width * zoom));
  y -= Math.max(0, n(p.bottom) - (canvas.height - y - graph.height * zoom));
  return { x, y, width: graph.width * zoom, height: graph.height * zoom };
}

describe('fitPadding', () => {
  it('reserves the minimap strip at the bottom for a wide graph, on the right for a tall one', () => {
    expect(fitPadding({ width: 3000, height: 1000 }, { width: 1300, height: 900 }, true)).toEqual({ top: m, right: m, bottom: reserveY, left: m });
    expect(fitPadding({ width: 800, height: 2000 }, { width: 1300, height: 900 }, true)).toEqual({ top: m, right: reserveX, bottom: m, left: m });
  });

  it('pads evenly without the minimap or before the sizes are known', () => {
    const even = { top: m, right: m, bottom: m, left: m };
    expect(fitPadding({ width: 3000, height: 1000 }, { width: 1300, height: 900 }, false)).toEqual(even);
    expect(fitPadding({ width: 3000, height: 1000 }, { width: 0, height: 0 }, true)).toEqual(even);
    expect(fitPadding({ width: 0, height: 0 }, { width: 1300, height: 900 }, true)).toEqual(even);
  });

  it.each([
    [
      { width: 3000, height: 1000 },
      { width: 1300, height: 900 },
    ],
    [
      { width: 800, height: 2000 },
      { width: 1300, height: 900 },
    ],
    [
      { width: 2900, height: 2300 },
      { width: 1285, height: 930 },
    ],
    [
      { width: 500, height: 400 },
      { width: 1285, height: 930 },
    ],
  ])('leaves the fitted %o clear of the minimap in a %o canvas', (graph, canvas) => {
    const box = fitted(graph, canvas);
    const minimap = { x: canvas.width - MINIMAP.margin - MINIMAP.width, y: canvas.height - MINIMAP.margin - MINIMAP.height };
    const overlaps = box.x + box.width > minimap.x && box.y + box.height > minimap.y;
    expect(overlaps).toBe(false);
  });
});
