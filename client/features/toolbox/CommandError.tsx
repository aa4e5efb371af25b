import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '../../../shared/protocol';

/** A refused command in words: the stable code, what it means, and the server's own sentence. */
export function CommandError({ error, onClose }: { error: ErrorBody; onClose(): void }) {
  const { t, i18n } = useTranslation('toolbox');
  const key = `errors.${error.code}`;
  const explained = i18n.exists(key, { ns: 'toolbox' }) ? t(key, { limit: error.limit ?? '' }) : null;
  return (
    <div className="alert tool-error" role="alert" data-testid="command-error" data-code={error.code}>
      <strong>{error.code}</strong>
      {error.syscall ? <span className="muted"> ({error.syscall})</span> : null} — {explained ?? error.message}
      {explained && i18n.language !== 'en' && <div className="muted tool-error-server">{error.message}</div>}
      <button className="tool-error-close" onClick={onClose} aria-label={t('close')}>
        ×
      </button>
    </div>
  );
}
