import { afterEach, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { useGraphStore } from '../../../renderer/graph';
import { useShellStore } from '../../../renderer/shell';
import { useSyncStore } from '../../../renderer/sync';
import { useTasksStore } from '../../../renderer/tasks';
import { useTimelineStore } from '../../../renderer/timeline';
import { useWorkspaceStore } from '../../../renderer/workspace';

// jsdom has no layout: React Flow needs ResizeObserver and DOMMatrixReadOnly,
// and measures nodes through offsetWidth/offsetHeight (the setup the xyflow
// testing guide recommends).

class ResizeObserverStub {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([\d.]+)\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

export function installDomMocks(): void {
  const g = globalThis as Record<string, unknown>;
  g.ResizeObserver ??= ResizeObserverStub;
  g.DOMMatrixReadOnly ??= DOMMatrixReadOnlyStub;
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { configurable: true, get: () => 64 },
    offsetWidth: { configurable: true, get: () => 220 },
  });
  const svg = SVGElement.prototype as unknown as { getBBox?: () => DOMRect };
  svg.getBBox ??= () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
}

/** Fresh stores and DOM for every test. */
export function useCleanConsole(): void {
  beforeEach(() => {
    installDomMocks();
    useWorkspaceStore.getState().reset();
    useTimelineStore.getState().reset();
    useGraphStore.getState().reset();
    useShellStore.getState().reset();
    useTasksStore.getState().reset();
    useSyncStore.getState().reset();
  });
  afterEach(() => cleanup());
}
