/**
 * The page's lesson shell: wires the pure runner and the driver to the store
 * (commands go through the session's connection, events come from the store).
 * Components call these functions; they hold no lesson logic of their own.
 */
import { closeLessonSockets, restartLessonRun, runStep, type LessonIo } from '../../../shared/lessons/driver';
import {
  advance,
  nextAction,
  previous,
  retry,
  skip,
  startLesson,
  type RunnerState,
} from '../../../shared/lessons/runner';
import type { Lesson } from '../../../shared/lessons/schema';
import type { AlloStore } from '../../store';

/** A LessonIo over the page's store. */
export function storeIo(store: AlloStore): LessonIo {
  return {
    send: async (command) => {
      const r = await store.getState().send(command);
      return r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error };
    },
    events: () => store.getState().events,
    lang: () => store.getState().lang,
    changed: (ms) =>
      new Promise<void>((resolve) => {
        const head = store.getState().head;
        let unsubscribe = () => {};
        const timer = setTimeout(() => {
          unsubscribe();
          resolve();
        }, ms);
        unsubscribe = store.subscribe((s) => {
          if (s.head === head) return;
          clearTimeout(timer);
          unsubscribe();
          resolve();
        });
      }),
  };
}

export function createLessonController(store: AlloStore) {
  const io = storeIo(store);
  const run = () => store.getState().lessonRun;
  const set = (s: RunnerState | null) => store.getState().setLessonRun(s);
  /** Ignore a state from a run the person has since left or restarted. */
  let generation = 0;

  async function perform(): Promise<void> {
    const s = run();
    if (!s) return;
    const mine = ++generation;
    // The person asked for something to happen now: show it live, not a moment of the past.
    const { cursor, setPlaying, setCursor } = store.getState();
    if (cursor !== null) {
      setPlaying(false);
      setCursor(null);
    }
    const update = (next: RunnerState) => mine === generation && set(next);
    update(await runStep(s, io, update));
  }

  return {
    /** Starts a lesson (closing the sockets of one left running). */
    async start(lesson: Lesson): Promise<void> {
      const s = run();
      generation++;
      if (s) await closeLessonSockets(s, io);
      set(startLesson(lesson, store.getState().head));
    },
    /** The primary control: run the step on screen, or move on to the next one. */
    async next(): Promise<void> {
      const s = run();
      if (!s) return;
      const action = nextAction(s);
      if (action === 'run') await perform();
      else if (action === 'advance') set(advance(s));
    },
    previous(): void {
      const s = run();
      if (s) set(previous(s));
    },
    /** After a failure: run the same step again. */
    async retry(): Promise<void> {
      const s = run();
      if (!s) return;
      set(retry(s));
      await perform();
    },
    skip(): void {
      const s = run();
      if (s) set(skip(s));
    },
    /** Closes the lesson's sockets and goes back to its first step. */
    async restart(): Promise<void> {
      const s = run();
      if (!s) return;
      generation++;
      set(await restartLessonRun(s, io));
    },
    /** Back to the list; the lesson's sockets are closed. */
    async leave(): Promise<void> {
      const s = run();
      generation++;
      set(null);
      if (s) await closeLessonSockets(s, io);
    },
  };
}

export type LessonController = ReturnType<typeof createLessonController>;
