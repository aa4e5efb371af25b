import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ReplyError } from '../../../shared/protocol';
import { errorText } from '../../i18n/errors';

/**
 * A refused command in words, right beside the action that was refused: the
 * stable code and the specific reason in the page's language (from code +
 * reason). The server's English sentence, which names the exact address or
 * port, is shown only on the English page — a French page never shows English.
 */
export function CommandError({ error, onClose }: { error: ReplyError; onClose(): void }) {
  const { t, i18n } = useTranslation('toolbox');
  const explained = errorText(error, i18n);
  const box = useRef<HTMLDivElement>(null);
  // A refusal is read where the action was: never left below the fold of a long side panel.
  // A block body: Chromium's scrollIntoView() returns a promise, which React would take for a cleanup.
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  return (
    <div
      ref={box}
      className="alert tool-error"
      role="alert"
      data-testid="command-error"
      data-code={error.code}
      data-reason={error.reason}
    >
      <strong>{error.code}</strong>
      {error.syscall ? <span className="muted"> ({error.syscall})</span> : null} — {explained}
      {i18n.language === 'en' && error.message !== explained && (
        <div className="muted tool-error-server">{error.message}</div>
      )}
      <button className="tool-error-close" onClick={onClose} aria-label={t('close')}>
        ×
      </button>
    </div>
  );
}
