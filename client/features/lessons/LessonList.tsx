import { useState, type ChangeEvent } from 'react';
import { useTranslation } from '../../i18n/react';
import { BUILTIN_LESSONS } from '../../../shared/lessons/builtin';
import { parseLesson, type LessonProblem } from '../../../shared/lessons/loader';
import { problemText } from './problemText';
import lessonsDocUrl from '../../../docs/lessons.md?url';
import type { Lesson } from '../../../shared/lessons/schema';
import { useAllo } from '../../store';
import { typeset } from '../../i18n/typography';

type LoadState = { ok: true; title: string } | { ok: false; name: string; problem: LessonProblem } | null;

/** The list of lessons; clicking one starts it. Teachers add their own from a JSON file. */
export function LessonList({ onStart }: { onStart: (lesson: Lesson) => void }) {
  const { t } = useTranslation('lessons');
  const lang = useAllo((s) => s.lang);
  const userLessons = useAllo((s) => s.userLessons);
  const addUserLesson = useAllo((s) => s.addUserLesson);
  const [load, setLoad] = useState<LoadState>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const r = parseLesson(await file.text());
    if (r.ok) {
      addUserLesson(r.lesson);
      setLoad({ ok: true, title: typeset(r.lesson.title[lang], lang) });
    } else setLoad({ ok: false, name: file.name, problem: r.problem });
  };

  const entry = (lesson: Lesson) => (
    <li key={lesson.id}>
      <button
        type="button"
        className="lesson-entry"
        data-testid="lesson"
        data-lesson={lesson.id}
        onClick={() => onStart(lesson)}
      >
        <span className="lesson-entry-title">{typeset(lesson.title[lang], lang)}</span>
        <span className="lesson-entry-summary">{typeset(lesson.summary[lang], lang)}</span>
        <span className="lesson-entry-count">{t('steps', { count: lesson.steps.length })}</span>
      </button>
    </li>
  );

  return (
    <>
      <h2 id="lessons-title" className="panel-title">
        {t('title')}
      </h2>
      <p className="muted">{t('intro')}</p>
      <h3 className="lessons-heading">{t('builtin')}</h3>
      <ul className="lesson-list">{BUILTIN_LESSONS.map(entry)}</ul>
      {userLessons.length > 0 && (
        <>
          <h3 className="lessons-heading">{t('loaded')}</h3>
          <ul className="lesson-list">{userLessons.map(entry)}</ul>
        </>
      )}
      {/* A teacher's own lesson comes after the course's: the list is what most people want. */}
      <label className="lesson-load btn">
        {t('load')}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="lesson-file"
          onChange={(e) => void onFile(e)}
          className="sr-only"
        />
      </label>
      <p className="muted lesson-load-help">
        {t('loadHelpBefore')}{' '}
        <a href={lessonsDocUrl} target="_blank" rel="noreferrer" data-testid="lessons-doc">
          docs/lessons.md
        </a>
        {t('loadHelpAfter')}
      </p>
      {load?.ok === true && (
        <p role="status" className="lesson-loaded">
          {t('loadedOk', { title: load.title })}
        </p>
      )}
      {load?.ok === false && (
        <p role="alert" className="alert" data-testid="lesson-load-errors" data-code={load.problem.code}>
          {t('loadBad', { name: load.name, reason: problemText(load.problem, t) })}
        </p>
      )}
    </>
  );
}
