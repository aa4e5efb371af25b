import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { DirectoryEntry } from '../../../shared/class';
import { formatEndpoint } from '../../../shared/world';
import { Field } from '../../components/Field';
import { useAllo } from '../../store';
import { useLiveWorldShape } from '../../lib/useWorld';
import { CommandError } from '../toolbox';
import { useCommand } from '../toolbox';
import { serviceOk } from './names';
import { dial } from './useDial';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

/**
 * The class's phone book, for everyone: what is published (live), publishing one of my listening TCP
 * or bound UDP sockets under a service name, withdrawing it, and looking a name up — the answer is the
 * real address and port, and one button calls it.
 */
export function PhoneBook() {
  const { t } = useTranslation('class');
  const id = useId();
  const entries = useAllo((s) => s.directory);
  const info = useAllo((s) => s.classInfo);
  const me = info?.role === 'teacher' ? 'teacher' : info?.student;
  const { run, busy, error, clearError } = useCommand();
  const [answer, setAnswer] = useState<DirectoryEntry | null>(null);
  const [query, setQuery] = useState('');
  const call = async (name: string) => {
    const entry = await dial(run, name);
    if (entry) setAnswer(entry);
  };
  const lookup = async (e: React.FormEvent) => {
    e.preventDefault();
    setAnswer(await run({ op: 'directory-lookup', name: query.trim() }));
  };
  return (
    <section className="tool-section class-phonebook" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('book.title')}</h3>
      <p className="muted">{t('book.intro')}</p>
      {entries.length === 0 ? (
        <p className="muted" data-testid="directory-empty">
          {t('book.empty')}
        </p>
      ) : (
        <ul className="class-entries" aria-label={t('book.list')}>
          {entries.map((e) => (
            <li
              key={e.name}
              className="class-entry"
              data-testid="directory-entry"
              data-name={e.name}
              data-proto={e.proto}
              data-port={e.port}
            >
              <span className="class-entry-name">{e.name}</span>
              <span className="class-entry-where">
                {e.proto.toUpperCase()} {formatEndpoint(e)}
              </span>
              {e.owner === me ? (
                <button
                  disabled={busy}
                  onClick={() => void run({ op: 'unpublish', name: e.name })}
                  aria-label={t('book.unpublishNamed', { name: e.name })}
                >
                  {t('book.unpublish')}
                </button>
              ) : (
                <button
                  disabled={busy}
                  onClick={() => void call(e.name)}
                  aria-label={t('book.callNamed', { name: e.name })}
                  data-testid="directory-call"
                >
                  {t('book.call')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="class-inline-form" onSubmit={(e) => void lookup(e)}>
        <Field
          label={t('book.lookupLabel')}
          value={query}
          onChange={setQuery}
          placeholder="alice:echo"
          testId="lookup-name"
        />
        <button type="submit" disabled={busy || !query.trim()} data-testid="lookup-run">
          {t('book.lookup')}
        </button>
      </form>
      {answer && (
        <p className="class-answer" role="status" data-testid="lookup-answer" data-port={answer.port}>
          {t('book.answer', { name: answer.name, proto: answer.proto.toUpperCase(), where: formatEndpoint(answer) })}{' '}
          <button disabled={busy} onClick={() => void call(answer.name)} data-testid="lookup-call">
            {t('book.callNamed', { name: answer.name })}
          </button>
        </p>
      )}
      <PublishForm run={run} busy={busy} />
      {error && <CommandError error={error} onClose={clearError} />}
    </section>
  );
}

/** Publish one of my sockets that can be called: a listening TCP socket, a bound UDP socket. */
function PublishForm({ run, busy }: Pick<ReturnType<typeof useCommand>, 'run' | 'busy'>) {
  const { t } = useTranslation('class');
  const world = useLiveWorldShape();
  const callable = world.order.filter((sid) => {
    const s = world.sockets[sid]!;
    return s.open && (s.proto === 'tcp' ? s.phase === 'listening' : s.local !== undefined);
  });
  const [socket, setSocket] = useState('');
  const [service, setService] = useState('');
  const chosen = callable.includes(socket) ? socket : (callable[0] ?? '');
  const publish = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await run({ op: 'publish', socket: chosen, service })) setService('');
  };
  return (
    <form className="class-inline-form" onSubmit={(e) => void publish(e)}>
      <label className="tool-field">
        <span>{t('book.publishSocket')}</span>
        <select value={chosen} onChange={(e) => setSocket(e.target.value)} data-testid="publish-socket">
          {callable.length === 0 && <option value="">{t('book.nothingToPublish')}</option>}
          {callable.map((sid) => {
            const s = world.sockets[sid]!;
            return (
              <option key={sid} value={sid}>
                {sid}
                {s.label ? ` · ${s.label}` : ''} — {s.proto.toUpperCase()} {s.local ? formatEndpoint(s.local) : ''}
              </option>
            );
          })}
        </select>
      </label>
      <Field
        label={t('book.service')}
        value={service}
        onChange={setService}
        placeholder="echo"
        problem={serviceOk(service) ? null : t('book.serviceProblem')}
        testId="publish-service"
      />
      <button type="submit" disabled={busy || !chosen || !serviceOk(service)} data-testid="publish-run">
        {t('book.publish')}
      </button>
    </form>
  );
}
