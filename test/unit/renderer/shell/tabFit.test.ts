import { describe, expect, it } from 'vitest';
import { fitTabs } from '../../../../renderer/shell/tabFit';

// Tabs of 100 px; the More button is 60 px.
const W = [100, 100, 100, 100, 100];

describe('fitTabs', () => {
  it('shows every tab when they all fit, with no More menu', () => {
    expect(fitTabs(W, 500, 60, 0)).toEqual({ visible: [0, 1, 2, 3, 4], overflow: [] });
  });

  it('keeps tabs in priority order while they fit beside the More button', () => {
    // 499 px: not all five; 439 px left beside More: four tabs.
    expect(fitTabs(W, 499, 60, 0)).toEqual({ visible: [0, 1, 2, 3], overflow: [4] });
    expect(fitTabs(W, 360, 60, 1)).toEqual({ visible: [0, 1, 2], overflow: [3, 4] });
    expect(fitTabs(W, 359, 60, 1)).toEqual({ visible: [0, 1], overflow: [2, 3, 4] });
  });

  it('always shows the active tab, in place of the last ones that fit', () => {
    expect(fitTabs(W, 360, 60, 4)).toEqual({ visible: [0, 1, 4], overflow: [2, 3] });
    // A wide active tab pushes out more than one.
    expect(fitTabs([100, 100, 100, 250], 360, 60, 3)).toEqual({ visible: [0, 3], overflow: [1, 2] });
  });

  it('keeps the first tab and the active one even when nothing fits', () => {
    expect(fitTabs(W, 50, 60, 3)).toEqual({ visible: [3], overflow: [0, 1, 2, 4] });
    expect(fitTabs(W, 200, 60, 3)).toEqual({ visible: [0, 3], overflow: [1, 2, 4] });
  });
});
