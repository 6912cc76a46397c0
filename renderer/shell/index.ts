export { ErrorBoundary } from './ErrorBoundary';
export { useShellStore, type FocusTarget, type ShellStore, type SideTab, type Theme } from './store';
export { ClockProvider, systemClock, useNow, formatElapsed } from './clock';
export { useFocusRequest } from './useFocusRequest';
export { TabStrip, type TabSpec } from './TabStrip';
export { fitTabs, type TabFit } from './tabFit';
