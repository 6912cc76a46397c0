export { GraphView } from './GraphView';
export { ServicePanel } from './ServicePanel';
export { useGraphStore, type GraphStore } from './store';
export { layoutCatalog, type LayoutResult, type LayoutNode, type LayoutEdge } from './layout';
export { SERVICE_STATUSES } from './status';
export { STATUS_LOOK } from './status';
