import type { NodeTypes } from '@xyflow/react';
import { ServiceNode, type ServiceNodeType } from './ServiceNode';
import { TeamNode, type TeamNodeType } from './TeamNode';

export type AppNode = ServiceNodeType | TeamNodeType;

/** Module-level so React Flow never sees a new object and remounts every node. */
export const nodeTypes = { service: ServiceNode, team: TeamNode } satisfies NodeTypes;
