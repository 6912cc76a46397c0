import { useEffect, useMemo, useRef } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore, type Edge, type NodeMouseHandler } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { selectState, useWorkspaceStore } from '../workspace';
import { useCatalogImportStore } from '../catalog';
import { useFocusRequest, useShellStore } from '../shell';
import { buildGraph, reuseUnchanged, reuseUnchangedEdges } from './buildGraph';
import { EdgeLayer } from './EdgeLayer';
import { isHighlighted } from './edgePaths';
import { nodeTypes, type AppNode } from './nodeTypes';
import { fitPadding, MINIMAP } from './minimapFit';
import { useGraphStore } from './store';
import { useLayout } from './useLayout';

const selectView = (s: ReturnType<typeof useGraphStore.getState>) => ({ team: s.team, search: s.search, showOwnership: s.showOwnership, selected: s.selected });

// SVG fill attributes cannot read CSS variables, so the minimap gets literal colours.
const MINIMAP_COLOUR = { healthy: '#3fb950', degraded: '#e3b341', down: '#ff6b61', unknown: '#9aa4ae' } as const;

function minimapColour(node: AppNode): string {
  if (node.type === 'team') return 'rgba(128, 128, 128, 0.15)';
  return MINIMAP_COLOUR[node.data.status];
}

function GraphCanvas() {
  const state = useWorkspaceStore(selectState);
  const view = useGraphStore(useShallow(selectView));
  const { theme, fitRequest } = useShellStore(useShallow((s) => ({ theme: s.theme, fitRequest: s.fitRequest })));
  const { layout, pending, error } = useLayout(state);
  const previous = useRef(new Map<string, AppNode>());
  const previousEdges = useRef(new Map<string, Edge>());
  const flow = useReactFlow<AppNode>();
  const showMinimap = useGraphStore((s) => s.showMinimap);
  const canvas = useStore(useShallow((s) => ({ width: s.width, height: s.height })));
  // Every fit keeps the minimap's corner free, so the overview never hides a node.
  const padding = useMemo(() => fitPadding({ width: layout?.width ?? 0, height: layout?.height ?? 0 }, canvas, showMinimap), [layout, canvas, showMinimap]);

  const graph = useMemo(() => {
    if (state === null || layout === null) return { nodes: [], edges: [] };
    const built = buildGraph(state, layout, view);
    return { nodes: reuseUnchanged(previous.current, built.nodes), edges: reuseUnchangedEdges(previousEdges.current, built.edges) };
  }, [state, layout, view]);

  // React Flow draws only the propagation path; EdgeLayer draws the rest in one svg.
  const flowEdges = useMemo(() => graph.edges.filter(isHighlighted), [graph.edges]);

  const serviceCount = layout === null ? 0 : Object.keys(layout.services).length;

  useEffect(() => {
    if (fitRequest === 0) return;
    void flow.fitView({ padding, duration: 200 });
    // Only a new request fits again, not a change of padding.
  }, [fitRequest, flow]);

  // Fit once a layout for a new catalog arrives and the canvas has a size (the padding needs both).
  const fittedFor = useRef<unknown>(null);
  useEffect(() => {
    if (layout === null || fittedFor.current === layout || canvas.width === 0 || canvas.height === 0) return;
    fittedFor.current = layout;
    void flow.fitView({ padding });
  }, [layout, flow, canvas, padding]);

  const onNodeClick: NodeMouseHandler<AppNode> = (_event, node) => {
    const select = useGraphStore.getState().select;
    if (node.type === 'service') select({ type: 'service', id: node.id });
    else select(node.id.startsWith('team:') ? { type: 'team', id: node.id.slice(5) } : null);
    useShellStore.getState().setTab('service');
  };

  if (state === null) return <div className="graph-empty">Loading the workspace…</div>;
  if (serviceCount === 0 && !pending)
    return (
      <div className="graph-empty">
        No services in the catalog yet. Import one with <code>commandpost catalog import</code>.
      </div>
    );

  return (
    <>
      {pending && (
        <div className="graph-progress" role="status">
          Laying out {Object.keys(state.services).length} services…
        </div>
      )}
      {error && (
        <div className="graph-progress" role="alert">
          {error}
        </div>
      )}
      <ReactFlow<AppNode>
        nodes={graph.nodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        colorMode={theme}
        onNodeClick={onNodeClick}
        onPaneClick={() => useGraphStore.getState().select(null)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onlyRenderVisibleElements={serviceCount > 300}
        minZoom={0.05}
        fitView
        fitViewOptions={{ padding }}
        proOptions={{ hideAttribution: true }}
        aria-label="Service dependency graph"
      >
        <Background />
        {layout !== null && <EdgeLayer edges={graph.edges} layout={layout} />}
        <Controls showInteractive={false} />
        {showMinimap && (
          <MiniMap<AppNode> nodeColor={minimapColour} pannable zoomable ariaLabel="Graph overview" style={{ width: MINIMAP.width, height: MINIMAP.height }} />
        )}
      </ReactFlow>
    </>
  );
}

function GraphToolbar() {
  const state = useWorkspaceStore(selectState);
  const { team, search, showOwnership, showMinimap } = useGraphStore(
    useShallow((s) => ({ team: s.team, search: s.search, showOwnership: s.showOwnership, showMinimap: s.showMinimap })),
  );
  const searchRef = useFocusRequest<HTMLInputElement>('search');
  const flow = useReactFlow<AppNode>();
  const teams = useMemo(() => (state === null ? [] : Object.values(state.teams).sort((a, b) => a.name.localeCompare(b.name))), [state]);

  const fitMatches = () => {
    const q = search.trim().toLowerCase();
    if (q === '') return;
    const ids = flow
      .getNodes()
      .filter((n) => n.type === 'service' && !n.hidden && n.data.match)
      .map((n) => ({ id: n.id }));
    if (ids.length > 0) void flow.fitView({ nodes: ids, padding: 0.3, duration: 200, maxZoom: 1.5 });
  };

  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph controls">
      <label>
        Team{' '}
        <select
          aria-label="Filter by team"
          value={team ?? ''}
          onChange={(e) => useGraphStore.getState().setTeam(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <input
        ref={searchRef}
        type="search"
        placeholder="Search services (/)"
        aria-label="Search services"
        value={search}
        onChange={(e) => useGraphStore.getState().setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') fitMatches();
        }}
      />
      <label>
        <input type="checkbox" checked={showOwnership} onChange={(e) => useGraphStore.getState().setShowOwnership(e.target.checked)} /> Ownership edges
      </label>
      <label>
        <input type="checkbox" checked={showMinimap} onChange={(e) => useGraphStore.getState().setShowMinimap(e.target.checked)} /> Overview map
      </label>
      <button type="button" onClick={() => useShellStore.getState().requestFit()}>
        Fit view (F)
      </button>
      <button type="button" title="Import Backstage catalog-info.yaml files into the graph" onClick={() => useCatalogImportStore.getState().setOpen(true)}>
        Import catalog…
      </button>
      <span className="legend" aria-label="Legend">
        <span className="legend-item status-healthy">✔ healthy</span>
        <span className="legend-item status-degraded">▲ degraded</span>
        <span className="legend-item status-down">✖ down</span>
        <span className="legend-item status-unknown">? unknown</span>
        <span className="legend-item blast">impacted</span>
      </span>
    </div>
  );
}

export function GraphView() {
  return (
    <section className="graph-view" aria-label="Dependency graph">
      <ReactFlowProvider>
        <GraphToolbar />
        <div className="graph-canvas">
          <GraphCanvas />
        </div>
      </ReactFlowProvider>
    </section>
  );
}
