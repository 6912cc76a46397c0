export { CommandPanel } from './CommandPanel';
export { useCommandStore, type IcsDocument } from './store';
export { documentMarkdown } from './DocumentView';
