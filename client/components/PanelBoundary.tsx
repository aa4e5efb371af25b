import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from '../i18n/react';

/**
 * Keeps one panel's failure inside that panel. A lazy chunk that cannot load
 * (the server was restarted with a new build, the network dropped) or a render
 * error shows a message with a way on, and the rest of the page — the stage,
 * the timeline, the live sockets — carries on.
 */
export class PanelBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`Allô: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <PanelFailed name={this.props.name} error={this.state.error} onRetry={() => this.setState({ error: null })} />
    );
  }
}

function PanelFailed({ name, error, onRetry }: { name: string; error: Error; onRetry(): void }) {
  const { t } = useTranslation();
  // A chunk that failed to load stays failed for this page (import() caches it): only a reload fetches it again.
  const chunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  return (
    <section className="panel panel-failed" role="alert" data-testid="panel-failed" data-panel={name}>
      <p>{t(chunk ? 'boundary.chunk' : 'boundary.error', { panel: t(`boundary.panels.${name}`) })}</p>
      <p className="muted">
        <code>{error.message}</code>
      </p>
      {chunk ? (
        <button onClick={() => window.location.reload()}>{t('boundary.reload')}</button>
      ) : (
        <button onClick={onRetry}>{t('boundary.retry')}</button>
      )}
    </section>
  );
}
