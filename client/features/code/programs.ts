/**
 * Which program the code view shows: the lesson's (with the current step's
 * lines) or the one that replays the free-mode session up to the cursor.
 * Pure, so it is tested in Node.
 */
import { generate, generateLesson, type Rendered } from '../../../shared/codegen';
import type { Event } from '../../../shared/protocol';
import type { CodeLang, Lesson } from '../../../shared/lessons/schema';
import { indexAtOrBefore } from '../../store/navigation';
import type { TextLang } from '../../../shared/codegen/words';

/** Past this many events, only the first ones become code (a classroom session stays far below). */
export const MAX_CODEGEN_EVENTS = 5000;

/** One definition with the programs' own headers (shared/codegen/commands.ts). */
export { FILE_NAMES, RUN_COMMANDS } from '../../../shared/codegen/commands';

export function lessonProgram(lesson: Lesson, lang: CodeLang, title: string, textLang: TextLang): Rendered {
  return generateLesson(lesson, lang, title, textLang);
}

type SessionProgram = { rendered: Rendered; capped: boolean; empty: boolean };

/** One remembered program: stepping the timeline must not regenerate it when nothing it shows changed. */
let memo: { events: readonly Event[]; n: number; key: string; program: SessionProgram } | null = null;

/**
 * The session's program from its events up to `cursorSeq` (the timeline's cursor).
 * The event list only grows in place (a new list means a new session or a
 * recording), so the same list and the same number of events give the same
 * program: it is generated again only when that count or the language changes —
 * past MAX_CODEGEN_EVENTS, never while stepping.
 */
export function sessionProgram(
  events: readonly Event[],
  cursorSeq: number,
  lang: CodeLang,
  title: string,
  textLang: TextLang,
): SessionProgram {
  const upTo = indexAtOrBefore(events, cursorSeq) + 1;
  const n = Math.min(upTo, MAX_CODEGEN_EVENTS);
  const key = `${lang}\u0000${title}\u0000${textLang}`;
  if (memo && memo.events === events && memo.n === n && memo.key === key) {
    return { ...memo.program, capped: upTo > MAX_CODEGEN_EVENTS };
  }
  const slice = events.slice(0, n);
  const empty = !slice.some((e) => e.kind === 'created' || e.kind === 'lookup' || e.kind === 'service');
  const program = { rendered: generate(slice, lang, title, textLang), capped: upTo > MAX_CODEGEN_EVENTS, empty };
  memo = { events, n, key, program };
  return program;
}

/** The set of line numbers to highlight for a step. */
export function stepLines(rendered: Rendered, step: number | undefined): Set<number> {
  const out = new Set<number>();
  if (step === undefined) return out;
  for (const [a, b] of rendered.steps[step] ?? []) for (let i = a; i <= b; i++) out.add(i);
  return out;
}
