export { PlaybooksPanel } from './PlaybooksPanel';
export { usePlaybooksStore, type PlaybooksStore, type PlaybookScreen } from './store';
