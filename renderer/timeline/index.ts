export { TimelineView, TIMELINE_ROW_HEIGHT } from './TimelineView';
export { VirtualList } from './VirtualList';
export { useTimelineStore, matchesFilter, TIMELINE_PAGE, type TimelineStore, type TimelineFilter } from './store';
