import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | null;
}

/** Last line of defence: a rendering bug shows a message and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('GridDesk UI error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="gd-startup">
        <div className="gd-error" role="alert">
          <div className="gd-error__title">界面出现错误</div>
          <div className="gd-error__message">{error.message}</div>
          <button type="button" className="gd-button gd-button--small" onClick={() => window.location.reload()}>
            重新载入界面
          </button>
        </div>
      </div>
    );
  }
}
