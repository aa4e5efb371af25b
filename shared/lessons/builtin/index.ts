/**
 * The built-in lessons, in course order. They are JSON files in the same format
 * teachers use, validated when loaded (and in a unit test).
 */
import { validateLesson } from '../loader';
import type { Lesson } from '../schema';
import appel from './appel.json';
import cartePostale from './carte-postale.json';

const RAW: readonly unknown[] = [appel, cartePostale];

function load(raw: unknown): Lesson {
  const r = validateLesson(raw);
  if (!r.ok) throw new Error(`built-in lesson is invalid: ${r.errors.join('; ')}`);
  return r.lesson;
}

export const BUILTIN_LESSONS: readonly Lesson[] = RAW.map(load);
