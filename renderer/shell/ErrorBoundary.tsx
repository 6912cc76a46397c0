import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, in the message: "the graph", "the timeline". */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** A failure shows a message and a way out, never a white screen. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Command Post: ${this.props.area} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div role="alert" className="error-boundary" data-testid="error-boundary">
        <h2>Something went wrong in {this.props.area}.</h2>
        <p>{error.message}</p>
        <p className="muted">The journal is unaffected; nothing was lost. Try again, or reload the window.</p>
        <div className="button-row">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
