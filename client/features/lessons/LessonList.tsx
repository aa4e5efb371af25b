import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BUILTIN_LESSONS } from '../../../shared/lessons/builtin';
import { parseLesson } from '../../../shared/lessons/loader';
import type { Lesson } from '../../../shared/lessons/schema';
import { useAllo } from '../../store';

type LoadState = { ok: true; title: string } | { ok: false; name: string; errors: string[] } | null;

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
      setLoad({ ok: true, title: r.lesson.title[lang] });
    } else setLoad({ ok: false, name: file.name, errors: r.errors });
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
        <span className="lesson-entry-title">{lesson.title[lang]}</span>
        <span className="lesson-entry-summary">{lesson.summary[lang]}</span>
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
      <p className="muted lesson-load-help">{t('loadHelp')}</p>
      {load?.ok === true && (
        <p role="status" className="lesson-loaded">
          {t('loadedOk', { title: load.title })}
        </p>
      )}
      {load?.ok === false && (
        <div role="alert" className="alert" data-testid="lesson-load-errors">
          <strong>{t('loadErrors')}</strong> <code>{load.name}</code>
          <ul>
            {load.errors.map((err, i) => (
              <li key={i}>
                <code>{err}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3 className="lessons-heading">{t('builtin')}</h3>
      <ul className="lesson-list">{BUILTIN_LESSONS.map(entry)}</ul>
      {userLessons.length > 0 && (
        <>
          <h3 className="lessons-heading">{t('loaded')}</h3>
          <ul className="lesson-list">{userLessons.map(entry)}</ul>
        </>
      )}
    </>
  );
}
