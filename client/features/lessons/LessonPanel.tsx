import { useAllo, store } from '../../store';
import { createLessonController } from './controller';
import { LessonList } from './LessonList';
import { LessonStep } from './LessonStep';
import './lessons.css';

/** One controller for the page: the lesson being followed lives in the store. */
const controller = createLessonController(store);

/**
 * The lessons side panel: the list of lessons (built-in and loaded from a
 * file), or the step being followed. Lazy-loaded with the lessons themselves.
 */
export function LessonPanel() {
  const running = useAllo((s) => s.lessonRun !== null);
  return (
    <section className="lessons" aria-labelledby="lessons-title">
      {running ? <LessonStep controller={controller} /> : <LessonList onStart={(l) => void controller.start(l)} />}
    </section>
  );
}
