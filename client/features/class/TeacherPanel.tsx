import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { RosterStudent } from '../../../shared/class';
import { downloadBlob } from '../../recording/download';
import { useAllo } from '../../store';
import { CommandError } from '../toolbox';
import { useCommand } from '../toolbox';
import { ConfirmButton } from './Confirm';
import { nameProblem } from './names';
import { teacherSecret } from './teacherSecret';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

/**
 * The teacher's desk: the address to give the students (and its QR code), the roster live, and the
 * class's controls — freeze, rename, remove, end — each refused to anyone but the teacher by the server.
 */
export function TeacherPanel() {
  const { t } = useTranslation('class');
  const id = useId();
  const info = useAllo((s) => s.classInfo);
  const students = useAllo((s) => s.roster.students);
  const { run, busy, error, clearError } = useCommand();
  if (info?.role !== 'teacher') return null;
  return (
    <section className="tool-section class-teacher" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('teacher.title')}</h3>
      <StudentUrl url={info.studentUrl} />
      <div className="class-controls">
        <button
          aria-pressed={info.frozen}
          disabled={busy}
          onClick={() => void run({ op: 'class-freeze', frozen: !info.frozen })}
          data-testid="class-freeze"
        >
          <span aria-hidden="true">❄ </span>
          {info.frozen ? t('teacher.unfreeze') : t('teacher.freeze')}
        </button>
        <ConfirmButton
          label={t('teacher.end')}
          question={t('teacher.endQuestion')}
          confirm={t('teacher.endConfirm')}
          onConfirm={() => void run({ op: 'class-end' })}
          disabled={busy}
          testId="class-end"
          danger
        />
        <ExportClassButton />
      </div>
      <h4>{t('roster.title', { count: students.length })}</h4>
      <ul className="class-roster" data-testid="roster" aria-label={t('roster.title', { count: students.length })}>
        {students.length === 0 && <li className="muted">{t('roster.empty')}</li>}
        {students.map((s) => (
          <RosterRow key={s.id} student={s} run={run} busy={busy} />
        ))}
      </ul>
      {error && <CommandError error={error} onClose={clearError} />}
    </section>
  );
}

/**
 * The whole class as one file: every member's recording (GET /api/class/recording.json, docs/class.md). The
 * teacher's secret goes in the Authorization header, never in a URL.
 */
function ExportClassButton() {
  const { t } = useTranslation('class');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch('/api/class/recording.json', {
        headers: { authorization: `Bearer ${teacherSecret() ?? ''}` },
      });
      if (!res.ok) throw new Error(res.status === 401 ? t('teacher.exportSecret') : `HTTP ${res.status}`);
      const stamp = new Date().toISOString().slice(0, 16).replace(':', 'h');
      downloadBlob(await res.blob(), `allo-class-${stamp}.json`);
    } catch (err) {
      const reason = err instanceof TypeError ? t('teacher.exportOffline') : (err as Error).message;
      setProblem(t('teacher.exportFailed', { reason }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={() => void download()}
        disabled={busy}
        data-testid="class-export"
        title={t('teacher.exportHint')}
      >
        {t('teacher.export')}
      </button>
      {problem && (
        <p className="field-problem" role="alert" data-testid="class-export-error">
          {problem}
        </p>
      )}
    </>
  );
}

/** The address the students open, as text and as a QR code (the server draws it: GET /api/class/qr.svg). */
export function StudentUrl({ url, large }: { url: string | undefined; large?: boolean }) {
  const { t } = useTranslation('class');
  // The server may not draw the QR code (docs/class.md): then the address alone, never a broken image.
  const [noQr, setNoQr] = useState(false);
  if (!url) return null;
  return (
    <figure className={`class-url${large ? ' is-large' : ''}`}>
      {!noQr && (
        <img
          src="/api/class/qr.svg"
          alt={t('teacher.qrAlt', { url })}
          data-testid="class-qr"
          onError={() => setNoQr(true)}
        />
      )}
      <figcaption>
        {t('teacher.studentUrl')} <code data-testid="class-student-url">{url}</code>
      </figcaption>
    </figure>
  );
}

function RosterRow({
  student: s,
  run,
  busy,
}: { student: RosterStudent } & Pick<ReturnType<typeof useCommand>, 'run' | 'busy'>) {
  const { t } = useTranslation('class');
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(s.name);
  const problem = nameProblem(name);
  const rename = async (e: React.FormEvent) => {
    e.preventDefault();
    if (problem) return;
    if (await run({ op: 'class-rename', student: s.id, name: name.trim() })) setRenaming(false);
  };
  return (
    <li className="class-roster-row" data-testid="roster-student" data-name={s.name} data-online={s.online}>
      {renaming ? (
        <form className="class-inline-form" onSubmit={(e) => void rename(e)}>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-label={t('roster.newName', { name: s.name })}
            aria-invalid={problem ? true : undefined}
            autoFocus
            data-testid="rename-name"
          />
          <button type="submit" disabled={busy || problem !== null} data-testid="rename-run">
            {t('roster.renameOk')}
          </button>
          <button type="button" onClick={() => setRenaming(false)}>
            {t('cancel')}
          </button>
          {problem && <span className="field-problem">{t(`join.problem.${problem}`)}</span>}
        </form>
      ) : (
        <span className="class-roster-name">
          <span className={`class-dot${s.online ? ' is-online' : ''}`} aria-hidden="true" />
          {s.name}
          <span className="sr-only">{s.online ? t('roster.online') : t('roster.offline')}</span>
        </span>
      )}
      <span className="class-counts muted">
        {t('counts', { sockets: s.sockets, sent: s.sent, received: s.received, commands: s.commands })}
      </span>
      {!renaming && (
        <span className="class-row-actions">
          <button
            onClick={() => {
              setName(s.name);
              setRenaming(true);
            }}
            aria-label={t('roster.renameNamed', { name: s.name })}
            disabled={busy}
          >
            {t('roster.rename')}
          </button>
          <ConfirmButton
            label={t('roster.remove')}
            ariaLabel={t('roster.removeNamed', { name: s.name })}
            question={t('roster.removeQuestion', { name: s.name })}
            confirm={t('roster.removeConfirm')}
            onConfirm={() => void run({ op: 'class-remove', student: s.id })}
            disabled={busy}
            testId="roster-remove"
            danger
          />
        </span>
      )}
    </li>
  );
}
