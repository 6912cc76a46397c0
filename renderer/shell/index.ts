export { ErrorBoundary } from './ErrorBoundary';
export { useShellStore, type ShellStore, type SideTab, type Theme } from './store';
export { ClockProvider, systemClock, useNow, formatElapsed } from './clock';
