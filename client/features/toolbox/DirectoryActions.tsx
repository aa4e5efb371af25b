import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { Proto } from '../../../shared/protocol';
import { Field } from '../../components/Field';
import { store, useAllo } from '../../store';
import { CommandError } from './CommandError';
import { DIRECTORY, DIRECTORY_ACTIONS, type DirectoryAction } from './directory';
import { usePreview } from './usePreview';
import { useCommand } from './useCommand';
import './directory.css';

/** One directory look-up: a name, (for a service) the protocol, the C call, and a refusal beside it. */
function DirectoryForm({ action }: { action: DirectoryAction }) {
  const { t } = useTranslation('toolbox');
  const def = DIRECTORY[action];
  const [name, setName] = useState(def.initial);
  const [proto, setProto] = useState<Proto>('tcp');
  const { run, busy, error, clearError } = useCommand();
  const canSend = useAllo((s) => s.status === 'open');
  const uiLang = useAllo((s) => s.lang);
  const id = useId();
  const checked = def.check(name);
  const values = { name: checked.ok ? checked.value : def.initial, proto };
  const preview = usePreview();
  const lines = preview?.directoryPreview(action, values, store.getState().events, uiLang) ?? [t('common:loading')];
  return (
    <form
      className="directory-form"
      data-testid={`directory-${action}`}
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.ok) void run(def.toCommand(values));
      }}
    >
      <h4 id={`${id}-title`}>{t(`directory.${action}.title`)}</h4>
      <p className="tool-note">{t(`directory.${action}.hint`)}</p>
      <Field
        label={t(`directory.${action}.field`)}
        value={name}
        onChange={setName}
        problem={checked.ok ? null : t(checked.problem.key, checked.problem.values)}
        testId={`directory-${action}-name`}
      />
      {def.wantsProto && (
        <fieldset className="tool-choice">
          <legend>{t('directory.service.proto')}</legend>
          {(['tcp', 'udp'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name={`${id}-proto`} checked={proto === p} onChange={() => setProto(p)} />
              <code>{p}</code>
            </label>
          ))}
        </fieldset>
      )}
      <code className="code-line" data-testid="c-call">
        {lines.join('\n')}
      </code>
      <button
        type="submit"
        className="btn-primary tool-run"
        disabled={!checked.ok || busy || !canSend}
        data-testid={`run-${action}`}
      >
        {t(`directory.${action}.run`)} <code>{def.api}</code>
      </button>
      {error && <CommandError error={error} onClose={clearError} />}
    </form>
  );
}

/**
 * The directory, the first step of the course: look up a host's number
 * (every address of both families) and a service's extension (its port, from
 * /etc/services or the built-in table). The answers are drawn on the stage.
 */
export function DirectoryActions() {
  const { t } = useTranslation('toolbox');
  // Folded by default: one line above socket(), opened with a click or Enter/Space on its summary.
  return (
    <details className="tool-section directory" data-testid="directory">
      <summary className="directory-summary">
        <h3>{t('directory.title')}</h3> <code className="muted">getaddrinfo() getservbyname()</code>
      </summary>
      {DIRECTORY_ACTIONS.map((a) => (
        <DirectoryForm key={a} action={a} />
      ))}
    </details>
  );
}
