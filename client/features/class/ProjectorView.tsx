import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from '../../i18n/react';
import { StoreContext, useAllo } from '../../store';
import { Stage } from '../stage';
import { CommandError } from '../toolbox';
import { useCommand } from '../toolbox';
import { projectorLayout, type Lane } from './projectorLayout';
import { spotlightStore } from './spotlight';
import { StudentUrl } from './TeacherPanel';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

const SequenceDiagram = lazy(() => import('../sequence/lazy').then((m) => ({ default: m.SequenceDiagram })));

/**
 * The teacher's projector view: every student as a card, every call between members as a line from
 * caller to callee, counts per student; and the spotlight, one student's stage and sequence diagram
 * read-only, from the copy of their events the server sends the teacher.
 */
export function ProjectorView() {
  const { t } = useTranslation('class');
  const info = useAllo((s) => s.classInfo);
  const roster = useAllo((s) => s.roster);
  const spotlighted = useAllo((s) => s.spotlighted);
  const { run, busy, error, clearError } = useCommand();
  const layout = useMemo(() => projectorLayout(roster.students, roster.calls, t('projector.teacher')), [roster, t]);
  const spotlight = (student: string | null) => void run({ op: 'class-spotlight', student });
  if (info?.role !== 'teacher') return null;
  return (
    <section className="panel class-projector" aria-labelledby="projector-title" data-testid="projector">
      <header className="class-projector-head">
        <h2 id="projector-title">{t('projector.title')}</h2>
        <span className="muted">
          {t('projector.summary', {
            count: roster.students.length,
            calls: roster.calls.filter((c) => c.open).length,
          })}
        </span>
        {info.frozen && (
          <span className="class-banner is-frozen" role="status">
            <span aria-hidden="true">❄ </span>
            {t('bar.frozenTeacher')}
          </span>
        )}
        <button
          aria-pressed={info.frozen}
          disabled={busy}
          onClick={() => void run({ op: 'class-freeze', frozen: !info.frozen })}
          data-testid="projector-freeze"
        >
          {info.frozen ? t('teacher.unfreeze') : t('teacher.freeze')}
        </button>
      </header>
      {error && <CommandError error={error} onClose={clearError} />}
      {roster.students.length === 0 ? (
        <div className="class-projector-empty">
          <p>{t('projector.empty')}</p>
          <StudentUrl url={info.studentUrl} large />
        </div>
      ) : (
        <div
          className="class-lanes"
          data-spotlight={spotlighted !== null}
          style={{ '--cols': layout.cols, '--rows': layout.rows } as React.CSSProperties}
        >
          <svg className="class-lines" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
            {layout.lines.map((l) => (
              <line
                key={l.key}
                x1={l.x1}
                y1={l.y1}
                x2={l.x2}
                y2={l.y2}
                className={`class-line${l.open ? ' is-open' : ''}`}
                data-testid="class-call"
                data-from={l.from}
                data-to={l.to}
                data-open={l.open}
                vectorEffect="non-scaling-stroke"
              />
            ))}
          </svg>
          {layout.lanes.map((lane) => (
            <LaneCard
              key={lane.id}
              lane={lane}
              spotlit={spotlighted?.student === lane.id}
              onSpotlight={spotlight}
              busy={busy}
              calledBy={layout.lines.filter((l) => l.to === lane.id && l.open).map((l) => l.from)}
              names={Object.fromEntries(layout.lanes.map((l) => [l.id, l.name]))}
            />
          ))}
        </div>
      )}
      {spotlighted && (
        <section className="class-spotlight" aria-labelledby="spotlight-title" data-testid="spotlight">
          <header className="class-projector-head">
            <h2 id="spotlight-title">
              <span aria-hidden="true">★ </span>
              {t('spotlight.title', { name: spotlighted.name })}
            </h2>
            <span className="muted">{t('spotlight.readOnly')}</span>
            <button onClick={() => spotlight(null)} disabled={busy} data-testid="spotlight-stop">
              {t('spotlight.stop')}
            </button>
          </header>
          <StoreContext.Provider value={spotlightStore}>
            <div className="class-spotlight-views">
              <Stage />
              <Suspense fallback={<p className="muted">{t('loading', { ns: 'common' })}</p>}>
                <SequenceDiagram />
              </Suspense>
            </div>
          </StoreContext.Provider>
        </section>
      )}
    </section>
  );
}

function LaneCard({
  lane,
  spotlit,
  onSpotlight,
  busy,
  calledBy,
  names,
}: {
  lane: Lane;
  spotlit: boolean;
  onSpotlight(student: string | null): void;
  busy: boolean;
  calledBy: string[];
  names: Record<string, string>;
}) {
  const { t } = useTranslation('class');
  const s = lane.student;
  return (
    <article
      className={`class-lane${spotlit ? ' is-spotlit' : ''}${s && !s.online ? ' is-offline' : ''}`}
      style={{ gridColumn: lane.col + 1, gridRow: lane.row + 1 }}
      data-testid="class-lane"
      data-name={lane.name}
      data-student={lane.id}
      data-calls={lane.calls}
      aria-label={lane.name}
    >
      <h3 className="class-lane-name">{lane.name}</h3>
      {s ? (
        <>
          <p className="class-lane-counts">
            <span data-testid="lane-sockets">{t('lane.sockets', { count: s.sockets })}</span>
            <span data-testid="lane-calls">{t('lane.calls', { count: lane.calls })}</span>
          </p>
          <p className="class-lane-bytes muted">{t('lane.bytes', { sent: s.sent, received: s.received })}</p>
          {s.published.length > 0 && <p className="class-lane-published">{s.published.join(' · ')}</p>}
          {calledBy.length > 0 && (
            <p className="class-lane-published muted">
              {t('lane.calledBy', { names: calledBy.map((id) => names[id] ?? id).join(', ') })}
            </p>
          )}
          <button
            aria-pressed={spotlit}
            disabled={busy}
            onClick={() => onSpotlight(spotlit ? null : lane.id)}
            aria-label={
              spotlit ? t('spotlight.stopNamed', { name: lane.name }) : t('spotlight.startNamed', { name: lane.name })
            }
            data-testid="lane-spotlight"
          >
            <span aria-hidden="true">★ </span>
            {spotlit ? t('spotlight.on') : t('spotlight.start')}
          </button>
        </>
      ) : (
        <p className="class-lane-counts">{t('lane.calls', { count: lane.calls })}</p>
      )}
    </article>
  );
}
