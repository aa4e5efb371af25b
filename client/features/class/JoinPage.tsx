import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ReplyError } from '../../../shared/protocol';
import { errorText } from '../../i18n/errors';
import { useAllo } from '../../store';
import { nameProblem } from './names';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

/**
 * A guest's page in class mode: a name first (checked here as the server checks it, and refused by the
 * server when another student has it), then the usual session.
 */
export function JoinPage() {
  const { t, i18n } = useTranslation('class');
  const send = useAllo((s) => s.send);
  const setJoined = useAllo((s) => s.setJoined);
  const status = useAllo((s) => s.status);
  const id = useId();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [refused, setRefused] = useState<ReplyError | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = nameProblem(name);
  const shown = refused ? errorText(refused, i18n) : problem && (touched || name) ? t(`join.problem.${problem}`) : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || busy) return;
    setBusy(true);
    const reply = await send({ op: 'class-join', name: name.trim() });
    setBusy(false);
    // On success the class-state event makes this page a student's: the gate shows the session.
    if (!reply.ok) setRefused(reply.error);
    else setJoined(reply.result);
  };

  return (
    <main className="class-join" aria-labelledby={`${id}-title`}>
      <form className="class-join-card panel" onSubmit={(e) => void submit(e)} noValidate>
        <h1 id={`${id}-title`}>
          <span aria-hidden="true">☎ </span>
          {t('join.title')}
        </h1>
        <p>{t('join.intro')}</p>
        <label htmlFor={`${id}-name`}>{t('join.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          autoComplete="nickname"
          autoFocus
          spellCheck={false}
          data-testid="join-name"
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? `${id}-problem` : `${id}-hint`}
          onBlur={() => setTouched(true)}
          onChange={(e) => {
            setName(e.target.value);
            setRefused(null);
          }}
        />
        {shown ? (
          <p
            id={`${id}-problem`}
            className="field-problem"
            role="alert"
            data-testid="join-problem"
            data-code={refused?.code ?? problem}
          >
            {shown}
          </p>
        ) : (
          <p id={`${id}-hint`} className="muted">
            {t('join.hint')}
          </p>
        )}
        <button type="submit" className="btn-primary" disabled={busy || status !== 'open'} data-testid="join-submit">
          {t('join.submit')}
        </button>
      </form>
    </main>
  );
}
