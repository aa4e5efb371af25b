/**
 * Reading a lesson from JSON text (a teacher's file, or a built-in lesson):
 * schema first, then references, with every problem in words and a path.
 */
import { checkRefs } from './refs';
import { Lesson } from './schema';

/**
 * The one problem a page names when a lesson file is refused, by a stable code
 * (translated by the page) and where in the file: `errors` keeps every detail in
 * English for the console and tests.
 */
export interface LessonProblem {
  code: 'TOO_BIG' | 'NOT_JSON' | 'NOT_A_LESSON' | 'INVALID' | 'BAD_REF';
  /** Where, as a path of keys and indexes: ['steps', 2, 'actions', 0, 'port']. */
  path?: (string | number)[];
  /** BAD_REF: the reference no earlier step defines. */
  ref?: string;
}

export type LessonResult = { ok: true; lesson: Lesson } | { ok: false; errors: string[]; problem: LessonProblem };

/** Largest lesson file a page accepts (a lesson is text: this is generous). */
export const MAX_LESSON_FILE_BYTES = 512 * 1024;

function pathText(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(top level)'
  );
}

/**
 * Validates an already-parsed value as a lesson. Hand-written code lines
 * (`steps[i].code`) are accepted only from a trusted source (`allowCode`, the
 * built-in lessons): from a file they would be code the downloaded program
 * runs as is, so a file's program is always generated from its actions.
 */
export function validateLesson(value: unknown, opts: { allowCode?: boolean } = {}): LessonResult {
  const looksLike = typeof value === 'object' && value !== null && Array.isArray((value as { steps?: unknown }).steps);
  const parsed = Lesson.safeParse(value);
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, 12).map((i) => `${pathText(i.path)}: ${i.message}`);
    if (!looksLike) return { ok: false, errors, problem: { code: 'NOT_A_LESSON' } };
    const first = parsed.error.issues[0];
    const path = (first?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    return { ok: false, errors, problem: { code: 'INVALID', path } };
  }
  if (!opts.allowCode) {
    const withCode = parsed.data.steps.flatMap((st, i) => (st.code ? [i] : []));
    if (withCode.length > 0)
      return {
        ok: false,
        errors: withCode.map(
          (i) =>
            `steps[${i}].code: a lesson file cannot bring its own code lines (the program would run them as written); remove "code" and the program is generated from the step's actions`,
        ),
        problem: { code: 'INVALID', path: ['steps', withCode[0]!, 'code'] },
      };
  }
  const problems = checkRefs(parsed.data);
  if (problems.length > 0) {
    const m = /^steps\[(\d+)\][^:]*: "([^"]+)"/.exec(problems[0] ?? '');
    const problem: LessonProblem = m
      ? { code: 'BAD_REF', path: ['steps', Number(m[1])], ref: m[2]! }
      : { code: 'BAD_REF' };
    return { ok: false, errors: problems, problem };
  }
  return { ok: true, lesson: parsed.data };
}

/** Parses and validates the text of a lesson file. */
export function parseLesson(text: string): LessonResult {
  if (text.length > MAX_LESSON_FILE_BYTES)
    return {
      ok: false,
      errors: [`the file is larger than ${MAX_LESSON_FILE_BYTES / 1024} KB`],
      problem: { code: 'TOO_BIG' },
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      errors: [`not JSON: ${err instanceof Error ? err.message : String(err)}`],
      problem: { code: 'NOT_JSON' },
    };
  }
  return validateLesson(json);
}
