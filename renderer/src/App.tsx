// The console UI (graph, incident header, tasks, timeline) is built on the
// shared API contract; until then the shell shows where the data lives.
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', color: '#e6edf3', background: '#0f1419', minHeight: '100vh', padding: 32 }}>
      <h1>Command Post</h1>
      <p>The console UI is not built yet. Use the CLI: <code>npx commandpost status</code>.</p>
    </main>
  );
}
