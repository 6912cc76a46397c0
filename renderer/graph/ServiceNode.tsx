import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ServiceStatus } from '../../shared/state';
import { SERVICE_HEIGHT, SERVICE_WIDTH } from './layout';
import { STATUS_LOOK } from './status';

// The node's box is the layout's, so edges meet it where the layout expects.
const BOX = { width: SERVICE_WIDTH, height: SERVICE_HEIGHT };

export type ServiceNodeData = {
  name: string;
  status: ServiceStatus;
  tier: number | null;
  /** Depends, directly or not, on a degraded or down service. */
  blast: boolean;
  /** Matches the search text (false when there is no search). */
  match: boolean;
  dimmed: boolean;
};

export type ServiceNodeType = Node<ServiceNodeData, 'service'>;

function ServiceNodeView({ id, data, selected }: NodeProps<ServiceNodeType>) {
  const look = STATUS_LOOK[data.status];
  const classes = [
    'service-node',
    `status-${data.status}`,
    data.blast ? 'blast' : '',
    data.match ? 'match' : '',
    data.dimmed ? 'dimmed' : '',
    selected ? 'selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      data-testid={`service-node-${id}`}
      data-status={data.status}
      data-blast={data.blast ? 'true' : undefined}
      style={BOX}
      title={data.name}
      aria-label={`Service ${data.name}: ${look.label}${data.blast ? ', impacted by a failing dependency' : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {/* First of the source handles: a dependsOn edge names none, and React Flow then takes the first. */}
      <Handle type="source" position={Position.Right} isConnectable={false} />
      <Handle id="owner" type="source" position={Position.Top} isConnectable={false} />
      <span className="status-icon" aria-hidden="true">
        {look.icon}
      </span>
      <span className="service-text">
        <span className="service-name">{data.name}</span>
        <span className="service-status">
          {look.label}
          {data.tier !== null ? ` · tier ${data.tier}` : ''}
          {data.blast ? ' · impacted' : ''}
        </span>
      </span>
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
