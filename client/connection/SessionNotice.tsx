import { useState } from 'react';
import { useTranslation } from '../i18n/react';
import { useAllo } from '../store';
import './session.css';

/**
 * What the page says about its session when another tab is involved: a duplicated tab that got its own
 * session, or a page whose session another page resumed (close code 4000), with the way to take it back.
 */
export function SessionNotice() {
  const { t } = useTranslation();
  const status = useAllo((s) => s.status);
  const ownSession = useAllo((s) => s.ownSession);
  const takeBack = useAllo((s) => s.takeBack);
  const [dismissed, setDismissed] = useState(false);
  if (status === 'evicted') {
    return (
      <div className="alert session-notice" role="alert" data-testid="session-evicted">
        <span>{t('session.evicted')}</span>
        <button className="btn-primary" onClick={takeBack}>
          {t('session.takeBack')}
        </button>
      </div>
    );
  }
  if (ownSession && !dismissed) {
    return (
      <div className="session-notice is-info" role="status" data-testid="session-own">
        <span>{t('session.own')}</span>
        <button onClick={() => setDismissed(true)} aria-label={t('session.dismiss')}>
          ×
        </button>
      </div>
    );
  }
  return null;
}
