// Where fitView leaves room for the minimap, so the minimap never covers a
// node of the fitted graph. Pure: sizes in, fitView padding out.

/** The minimap's box, as drawn in the canvas's bottom-right corner (React Flow's default size and margin). */
export const MINIMAP = { width: 200, height: 150, margin: 15 } as const;

/** Space kept free around the fitted graph on the sides the minimap does not need. */
export const FIT_MARGIN = 24;

export interface Size {
  width: number;
  height: number;
}

export interface FitPadding {
  top: `${number}px`;
  right: `${number}px`;
  bottom: `${number}px`;
  left: `${number}px`;
}

const px = (n: number): `${number}px` => `${Math.round(n)}px`;

/**
 * fitView padding that keeps the graph clear of the minimap: the minimap's
 * strip is reserved on the right or at the bottom, whichever leaves the graph
 * the larger zoom (a wide graph loses less to a bottom strip it would not
 * fill anyway, a tall one to a right strip).
 */
export function fitPadding(graph: Size, canvas: Size, minimapShown: boolean): FitPadding {
  const even = { top: px(FIT_MARGIN), right: px(FIT_MARGIN), bottom: px(FIT_MARGIN), left: px(FIT_MARGIN) };
  if (!minimapShown || graph.width <= 0 || graph.height <= 0 || canvas.width <= 0 || canvas.height <= 0) return even;
  const reserveX = MINIMAP.width + MINIMAP.margin + FIT_MARGIN;
  const reserveY = MINIMAP.height + MINIMAP.margin + FIT_MARGIN;
  const zoomIfRight = Math.min((canvas.width - FIT_MARGIN - reserveX) / graph.width, (canvas.height - 2 * FIT_MARGIN) / graph.height);
  const zoomIfBottom = Math.min((canvas.width - 2 * FIT_MARGIN) / graph.width, (canvas.height - FIT_MARGIN - reserveY) / graph.height);
  return zoomIfRight >= zoomIfBottom ? { ...even, right: px(reserveX) } : { ...even, bottom: px(reserveY) };
}
