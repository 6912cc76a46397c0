import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';

export type TeamNodeData = {
  name: string;
  services: number;
  /** Services of this team that are degraded, down or impacted. */
  troubled: number;
};

export type TeamNodeType = Node<TeamNodeData, 'team'>;

/** A team is drawn as the frame around the cluster of services it owns. */
function TeamNodeView({ id, data, selected }: NodeProps<TeamNodeType>) {
  return (
    <div
      className={`team-node${selected ? ' selected' : ''}`}
      data-testid={`team-node-${id.startsWith('team:') ? id.slice(5) : 'unowned'}`}
      aria-label={`Team ${data.name}, ${data.services} services`}
    >
      <Handle id="team" type="target" position={Position.Top} isConnectable={false} />
      <div className="team-title">
        <span className="team-label">Team</span> {data.name}
        <span className="team-meta">
          {data.services} services{data.troubled > 0 ? ` · ${data.troubled} affected` : ''}
        </span>
      </div>
    </div>
  );
}

export const TeamNode = memo(TeamNodeView);
