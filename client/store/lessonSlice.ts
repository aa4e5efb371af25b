import type { StateCreator } from 'zustand';
import type { RunnerState } from '../../shared/lessons/runner';
import type { Lesson } from '../../shared/lessons/schema';
import type { AlloState } from './index';

export interface LessonSlice {
  /** The lesson being followed (null in free mode). The step logic is in shared/lessons/runner.ts. */
  lessonRun: RunnerState | null;
  /** Lessons a teacher loaded from a file during this visit. */
  userLessons: readonly Lesson[];
  setLessonRun(run: RunnerState | null): void;
  addUserLesson(lesson: Lesson): void;
}

export const createLessonSlice: StateCreator<AlloState, [], [], LessonSlice> = (set) => ({
  lessonRun: null,
  userLessons: [],
  setLessonRun: (lessonRun) => set({ lessonRun }),
  // A file with the id of one already loaded replaces it (the teacher fixed a typo and reloads).
  addUserLesson: (lesson) =>
    set((s) => ({ userLessons: [...s.userLessons.filter((l) => l.id !== lesson.id), lesson] })),
});
